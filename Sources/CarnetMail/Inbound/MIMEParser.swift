import CarnetCore
import Foundation

/// Reads a raw RFC 5322 message into an ``InboundMail``: pure, no I/O.
///
/// Handles folded headers, RFC 2047 encoded words (B and Q), `multipart/alternative` and
/// `multipart/mixed` (nested too), quoted-printable and base64 bodies, and the charsets
/// UTF-8 and ISO-8859-1 (``MIMECharset``). Attachments are skipped. Line ends may be CRLF
/// or LF. Nesting deeper than ``maxDepth`` or more than ``maxParts`` parts is refused, so
/// a hostile message cannot make the parser work without end.
public enum MIMEParser {
    static let maxDepth = 8
    static let maxParts = 200

    /// The message in `raw`; a 422 naming `message` when it has no header block, naming
    /// `from` when its sender is missing or not an address.
    public static func parse(_ raw: [UInt8]) throws(CarnetError) -> InboundMail {
        guard let entity = Entity(raw), entity.headers["from"] != nil || entity.headers["subject"] != nil || entity.headers["message-id"] != nil else {
            throw .validation([FieldError("message", "is not an e-mail: it needs header lines such as From: and Subject: before an empty line and the body")])
        }
        guard let fromValue = entity.headers["from"] else { throw .validation([FieldError("from", "is missing: the message has no From header")]) }
        guard let sender = address(EncodedWords.decode(fromValue)) else {
            throw .validation([FieldError("from", "is not an e-mail address: \(fromValue.prefix(200))")])
        }
        var budget = maxParts
        let found = try text(of: entity, depth: 0, budget: &budget)
        let body = found.plain ?? found.html.map(HTMLText.plain) ?? ""
        let replyTo = MIMEHeaders.messageIDs(entity.headers["in-reply-to"])
        let references = MIMEHeaders.messageIDs(entity.headers["references"]).reversed()
        var seen = Set<String>()
        let thread = (replyTo + references).filter { seen.insert($0).inserted }
        return InboundMail(fromAddress: sender.address, fromName: sender.name,
                           subject: EncodedWords.decode(entity.headers["subject"] ?? "").trimmingCharacters(in: .whitespaces),
                           text: body, messageID: MIMEHeaders.messageIDs(entity.headers["message-id"]).first,
                           threadIDs: thread, automatic: isAutomatic(entity.headers))
    }

    /// Whether the headers mark an auto-reply or bulk mail.
    static func isAutomatic(_ headers: MIMEHeaders) -> Bool {
        if let auto = headers["auto-submitted"], MIMEHeaders.parameterized(auto).value != "no" { return true }
        if let precedence = headers["precedence"], ["bulk", "junk", "list"].contains(MIMEHeaders.parameterized(precedence).value) { return true }
        return false
    }

    /// `Name <address>`, `"Name" <address>` or a bare address; nil when no valid address is there.
    static func address(_ value: String) -> (address: String, name: String?)? {
        var address: String
        var name: String?
        if let open = value.lastIndex(of: "<"), let close = value[open...].firstIndex(of: ">") {
            address = String(value[value.index(after: open)..<close])
            let display = value[..<open].trimmingCharacters(in: .whitespaces)
            let unquoted = display.hasPrefix("\"") && display.hasSuffix("\"") && display.count >= 2 ? String(display.dropFirst().dropLast()) : display
            name = unquoted.replacingOccurrences(of: "\\\"", with: "\"").trimmedOrNil
        } else {
            address = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).first { $0.contains("@") }.map(String.init) ?? ""
        }
        address = address.trimmingCharacters(in: .whitespaces)
        guard EmailAddress.isValid(address) else { return nil }
        return (address, name)
    }

    /// The first plain and the first HTML text of an entity, depth first, attachments skipped.
    static func text(of entity: Entity, depth: Int, budget: inout Int) throws(CarnetError) -> (plain: String?, html: String?) {
        budget -= 1
        guard depth <= maxDepth, budget >= 0 else {
            throw .validation([FieldError("message", "has more than \(maxDepth) levels or \(maxParts) MIME parts")])
        }
        let type = MIMEHeaders.parameterized(entity.headers["content-type"] ?? "text/plain")
        if let disposition = entity.headers["content-disposition"], MIMEHeaders.parameterized(disposition).value == "attachment" { return (nil, nil) }
        if type.value.hasPrefix("multipart/") {
            guard let boundary = type.parameters["boundary"], !boundary.isEmpty else { return (nil, nil) }
            var plain: String?, html: String?
            for part in parts(of: entity.body, boundary: boundary) {
                guard let child = Entity(part) else { continue }
                let found = try text(of: child, depth: depth + 1, budget: &budget)
                plain = plain ?? found.plain
                html = html ?? found.html
                if plain != nil { break }
            }
            return (plain, html)
        }
        guard type.value == "text/plain" || type.value == "text/html" else { return (nil, nil) }
        let encoding = MIMEHeaders.parameterized(entity.headers["content-transfer-encoding"] ?? "7bit").value
        let bytes: [UInt8]
        switch encoding {
        case "base64": bytes = TransferDecoding.base64(entity.body)
        case "quoted-printable": bytes = TransferDecoding.quotedPrintable(entity.body)
        default: bytes = entity.body
        }
        let text = MIMECharset.decode(bytes, charset: type.parameters["charset"])
            .replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return type.value == "text/plain" ? (text, nil) : (nil, text)
    }

    /// The bodies of a multipart entity's parts: the lines between `--boundary` delimiters,
    /// up to `--boundary--`; the preamble and epilogue are dropped.
    static func parts(of body: [UInt8], boundary: String) -> [[UInt8]] {
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [[UInt8]] = []
        var current: [UInt8]?
        var lineStart = 0
        while lineStart < body.count {
            let lineEnd = body[lineStart...].firstIndex(of: 0x0A) ?? body.count
            var line = body[lineStart..<lineEnd]
            if line.last == 0x0D { line = line.dropLast() }
            if line.starts(with: delimiter) {
                let tail = line.dropFirst(delimiter.count)
                let closing = tail.starts(with: [0x2D, 0x2D])
                if closing || tail.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    if let part = current { parts.append(part) }
                    if closing { return parts }
                    current = []
                    lineStart = lineEnd + 1
                    continue
                }
            }
            if current != nil {
                if !current!.isEmpty { current!.append(0x0A) }
                current!.append(contentsOf: line)
            }
            lineStart = lineEnd + 1
        }
        if let part = current { parts.append(part) }
        return parts
    }

    /// A message or a part: its headers and its raw body.
    struct Entity {
        var headers: MIMEHeaders
        var body: [UInt8]

        /// Splits at the first empty line; nil when the header block is not readable.
        init?(_ raw: [UInt8]) {
            var split = raw.count
            var bodyStart = raw.count
            var index = 0
            var lineStart = 0
            while index < raw.count {
                if raw[index] == 0x0A {
                    let line = raw[lineStart..<index]
                    if line.isEmpty || (line.count == 1 && line.first == 0x0D) {
                        split = lineStart
                        bodyStart = index + 1
                        break
                    }
                    lineStart = index + 1
                }
                index += 1
            }
            let block = raw[..<split]
            let text = String(validating: block, as: UTF8.self) ?? MIMECharset.latin1(block)
            guard let headers = MIMEHeaders(block: text) else { return nil }
            self.headers = headers
            body = Array(raw[bodyStart...])
        }
    }
}
