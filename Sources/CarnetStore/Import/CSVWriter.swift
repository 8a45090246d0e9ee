/// Builds CSV text as RFC 4180 writes it: comma-separated, CRLF line ends, and fields
/// holding a comma, a quote or a line break quoted with their quotes doubled.
public struct CSVWriter: Sendable {
    public private(set) var text = ""

    public init() {}

    /// Appends one record.
    public mutating func append(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { text += "," }
            if field.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
                text += "\""
                text += field.replacingOccurrences(of: "\"", with: "\"\"")
                text += "\""
            } else {
                text += field
            }
        }
        text += "\r\n"
    }

    /// Hands over the text written so far and starts afresh.
    public mutating func take() -> String {
        defer { text = "" }
        return text
    }
}
