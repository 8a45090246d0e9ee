import CarnetCore
import Foundation

/// One page of a list and the cursor of the next, as the API returns it.
public struct Page<Item: Sendable & Encodable>: Sendable, Encodable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey {
        case items, nextCursor = "next_cursor"
    }

    /// Always writes `next_cursor`, as `null` on the last page.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

extension Page: JSONWritable where Item: JSONWritable {
    /// The same JSON as `encode(to:)`, written by the items themselves.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("items")
        writer.beginArray()
        for item in items { item.write(to: &writer) }
        writer.endArray()
        writer.field("next_cursor", nextCursor)
        writer.endObject()
    }
}

/// An opaque keyset cursor: the sort values of the last row seen, base64url-encoded.
///
/// Lists never use OFFSET: the next page starts strictly after these values, so
/// paging stays as fast on page 1,000 as on page 1 and never skips or repeats a row.
public enum Cursor {
    public static func encode(_ values: [String]) -> String {
        let data = (try? JSONEncoder().encode(values)) ?? Data()
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The values of a cursor; a cursor that was not made by `encode` is a 400 naming `cursor`.
    public static func decode(_ text: String, count: Int) throws(CarnetError) -> [String] {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let values = try? JSONDecoder().decode([String].self, from: data), values.count == count else {
            throw .malformed(detail: "The cursor is not one this list returned.", field: "cursor")
        }
        return values
    }

    /// The page size asked for, checked against the limit of 200.
    public static func limit(_ text: String?) throws(CarnetError) -> Int {
        guard let text else { return Limits.defaultPageSize }
        guard let value = Int(text), value >= 1, value <= Limits.pageSize else {
            throw .validation([FieldError("limit", "must be a number from 1 to \(Limits.pageSize)")])
        }
        return value
    }
}

extension Page {
    /// The page of `rows`, read with `LIMIT limit + 1`: the first `limit` rows made into items,
    /// and when there was one more, the cursor of the last item (its sort values, `cursor`).
    public init(rows: [SQLRow], limit: Int, item: (SQLRow) throws -> Item, cursor: (Item) -> [String]) rethrows {
        let items = try rows.prefix(limit).map(item)
        self.init(items: items, nextCursor: rows.count > limit ? items.last.map { Cursor.encode(cursor($0)) } : nil)
    }
}
