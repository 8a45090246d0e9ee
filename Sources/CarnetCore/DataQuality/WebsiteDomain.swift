/// The domain of a company's website, for duplicate detection: `https://www.Acme.fr/contact`
/// and `acme.fr` are both `acme.fr`.
public enum WebsiteDomain {
    /// The host without scheme, credentials, port, path or leading `www.`, lower-cased; nil
    /// when what is left has no dot.
    public static func of(_ text: String?) -> String? {
        guard var rest = text?.trimmedOrNil?.lowercased()[...] else { return nil }
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if let colon = rest.firstIndex(of: ":") { rest = rest[..<colon] }
        while rest.hasSuffix(".") { rest = rest.dropLast() }
        if rest.hasPrefix("www.") { rest = rest.dropFirst(4) }
        guard rest.contains("."), !rest.hasPrefix("."), !rest.contains(where: \.isWhitespace) else { return nil }
        return String(rest)
    }
}
