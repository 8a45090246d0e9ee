import Foundation

extension MailMessage {
    /// Headers the renderer writes itself and that an extra header may therefore not repeat.
    static let reservedHeaderNames: Set<String> = [
        "date", "from", "sender", "to", "cc", "bcc", "reply-to", "subject", "message-id",
        "mime-version", "content-type", "content-transfer-encoding",
    ]

    /// The boundary of the `multipart/alternative` body.
    ///
    /// It can be constant because the parts are quoted-printable, where `=` is always followed by two
    /// hex digits or a line end: `=_` never occurs inside a part.
    static let alternativeBoundary = "=_carnet_alternative"

    /// Renders the complete RFC 5322 message, headers and MIME body, with CRLF line ends.
    ///
    /// `messageID` may be given with or without angle brackets. Every header value is checked for
    /// CR and LF first, so no input can add a header; the bodies are quoted-printable UTF-8, so the
    /// result is 7-bit and needs no SMTP extension. The output is not dot-stuffed.
    public func rendered(date: Date, messageID: String) throws(MailError) -> [UInt8] {
        let id = try Self.normalizedMessageID(messageID)
        guard !to.isEmpty else {
            throw .noRecipients
        }
        if subject.containsLineBreak {
            throw .headerInjection(field: "Subject")
        }
        var fields = [
            HeaderField(name: "Date", words: [RFC5322Date.string(from: date)]),
            HeaderField.addresses(name: "From", [from]),
        ]
        if let replyTo {
            fields.append(.addresses(name: "Reply-To", [replyTo]))
        }
        fields.append(.addresses(name: "To", to))
        if !cc.isEmpty {
            fields.append(.addresses(name: "Cc", cc))
        }
        fields.append(.unstructured(name: "Subject", text: subject))
        fields.append(HeaderField(name: "Message-ID", words: ["<\(id)>"]))
        for header in headers {
            try Self.validate(header)
            fields.append(.unstructured(name: header.name, text: header.value))
        }
        fields.append(HeaderField(name: "MIME-Version", words: ["1.0"]))

        var output = fields.map { $0.rendered() }.joined()
        if let html {
            let boundary = Self.alternativeBoundary
            output += HeaderField(name: "Content-Type", words: ["multipart/alternative;", "boundary=\"\(boundary)\""]).rendered()
            output += "\r\n"
            output += "--\(boundary)\r\n" + Self.part(contentType: "text/plain", body: text) + "\r\n"
            output += "--\(boundary)\r\n" + Self.part(contentType: "text/html", body: html) + "\r\n"
            output += "--\(boundary)--\r\n"
        } else {
            output += Self.part(contentType: "text/plain", body: text)
            if !output.hasSuffix("\r\n") {
                output += "\r\n"
            }
        }
        return Array(output.utf8)
    }

    private static func part(contentType: String, body: String) -> String {
        "Content-Type: \(contentType); charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n"
            + "\r\n"
            + MIMEEncoding.quotedPrintable(body)
    }

    private static func validate(_ header: MailHeader) throws(MailError) {
        let validName = !header.name.isEmpty && header.name.utf8.allSatisfy { (0x21...0x7E).contains($0) && $0 != UInt8(ascii: ":") }
        guard validName else {
            throw .invalidHeaderName(header.name)
        }
        guard !reservedHeaderNames.contains(header.name.lowercased()) else {
            throw .reservedHeader(header.name)
        }
        if header.value.containsLineBreak {
            throw .headerInjection(field: header.name)
        }
    }

    /// Strips optional angle brackets and checks the id is `left@right` in printable ASCII.
    static func normalizedMessageID(_ messageID: String) throws(MailError) -> String {
        var id = Substring(messageID)
        if id.hasPrefix("<") && id.hasSuffix(">") && id.count >= 2 {
            id = id.dropFirst().dropLast()
        }
        if messageID.containsLineBreak {
            throw .headerInjection(field: "Message-ID")
        }
        let printable = id.utf8.allSatisfy { (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }
        let parts = id.split(separator: "@", omittingEmptySubsequences: false)
        guard printable, parts.count == 2, parts.allSatisfy({ !$0.isEmpty }), id.utf8.count <= 900 else {
            throw .invalidMessageID(messageID)
        }
        return String(id)
    }
}
