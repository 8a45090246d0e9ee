extension String {
    /// The text without surrounding white space, or nil when nothing is left.
    public var trimmedOrNil: String? {
        // Most texts start and end with a visible ASCII character or a Latin letter: nothing
        // to trim, and Foundation's trimming (which goes through NSString) is skipped.
        if let first = unicodeScalars.first, let last = unicodeScalars.last, first.isVisibleLatin, last.isVisibleLatin { return self }
        let trimmed = trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Whether the text is empty or only white space.
    public var isBlank: Bool { trimmedOrNil == nil }
}

extension Dictionary where Key == String, Value == JSONValue {
    /// Merges custom fields: a key set to `null` is removed, others replace; a `null` patch clears all.
    public mutating func merge(patch: [String: JSONValue]?) {
        guard let patch else { self = [:]; return }
        for (key, value) in patch {
            if value == .null { removeValue(forKey: key) } else { self[key] = value }
        }
    }
}

extension Unicode.Scalar {
    /// A visible ASCII character or a letter of U+00C0–U+024F: never white space.
    var isVisibleLatin: Bool {
        (0x21...0x7E).contains(value) || (0xC0...0x24F).contains(value)
    }
}
