import Foundation

/// The fields of an `application/x-www-form-urlencoded` body (or query string).
struct WebForm: Sendable {
    private(set) var values: [String: String] = [:]

    init(_ body: String) {
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), !name.isEmpty else { continue }
            values[name] = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
        }
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
