import Foundation

/// The fields of an `application/x-www-form-urlencoded` body (or query string).
///
/// A name sent several times (ticked checkboxes) keeps its last value in `values` and all
/// of them, in order, in `all(_:)`.
struct WebForm: Sendable {
    private(set) var values: [String: String] = [:]
    private var lists: [String: [String]] = [:]

    init(_ body: String) {
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), !name.isEmpty else { continue }
            let value = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
            values[name] = value
            lists[name, default: []].append(value)
        }
    }

    /// Every value sent under `name`, trimmed, blanks left out.
    func all(_ name: String) -> [String] {
        (lists[name] ?? []).compactMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty }
    }

    /// A field's value, trimmed; nil when absent or blank.
    subscript(_ name: String) -> String? {
        values[name]?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
