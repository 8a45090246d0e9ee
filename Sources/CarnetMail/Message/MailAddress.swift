/// A mailbox: an address such as `eloise@example.fr` and an optional display name.
///
/// Validation is deliberately light — one `@`, a non-empty local part and a domain of dotted labels,
/// printable ASCII without spaces or quoting characters, at most 254 characters — because only the receiving server can
/// tell whether a mailbox exists. Non-ASCII addresses are refused since they would need SMTPUTF8;
/// non-ASCII display names are fine and are written as RFC 2047 encoded-words.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The bare address, `local@domain`.
    public let address: String
    /// The display name, e.g. `Éloïse Müller`; `nil` or empty renders the bare address.
    public let name: String?

    /// Creates a mailbox, checking the address and refusing line breaks in the name.
    public init(_ address: String, name: String? = nil) throws(MailError) {
        try Self.validate(address)
        if let name, name.containsLineBreak {
            throw .headerInjection(field: "display name")
        }
        self.address = address
        self.name = name
    }

    /// The mailbox as it appears in a header: `"Name" <a@b>`, `=?UTF-8?Q?…?= <a@b>`, or `a@b`.
    public var description: String {
        headerWords.joined(separator: " ")
    }

    /// The header rendering split into foldable words; a long encoded name gives several words.
    var headerWords: [String] {
        guard let name, !name.isEmpty else {
            return [address]
        }
        if MIMEEncoding.needsEncodedWords(name) {
            return MIMEEncoding.encodedWords(name) + ["<\(address)>"]
        }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return ["\"\(escaped)\"", "<\(address)>"]
    }

    private static func validate(_ address: String) throws(MailError) {
        if address.containsLineBreak {
            throw .headerInjection(field: "address")
        }
        guard address.utf8.count <= 254 else {
            throw .invalidAddress(address, reason: "longer than 254 characters")
        }
        guard address.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .invalidAddress(address, reason: "only printable ASCII without spaces is accepted")
        }
        guard !address.contains(where: { "<>()[],;:\"\\".contains($0) }) else {
            throw .invalidAddress(address, reason: "contains a character that needs quoting")
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last else {
            throw .invalidAddress(address, reason: "expected exactly one @")
        }
        guard !local.isEmpty, local.utf8.count <= 64 else {
            throw .invalidAddress(address, reason: "the part before @ must have 1 to 64 characters")
        }
        guard isValidDomain(domain) else {
            throw .invalidAddress(address, reason: "\"\(domain)\" is not a domain name")
        }
    }

    private static func isValidDomain(_ domain: Substring) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return !labels.isEmpty && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
        }
    }
}
