import CarnetCore

extension MailMessage {
    /// The message as a job's payload: every field, addresses as `{"address", "name"}`.
    public var payload: JSONValue {
        func list(_ addresses: [MailAddress]) -> JSONValue { .array(addresses.map(\.payload)) }
        return .object([
            "from": from.payload, "to": list(to), "cc": list(cc), "bcc": list(bcc), "reply_to": replyTo?.payload ?? .null,
            "subject": .string(subject), "text": .string(text), "html": html.map(JSONValue.string) ?? .null,
            "headers": .array(headers.map { .object(["name": .string($0.name), "value": .string($0.value)]) }),
        ])
    }

    /// The message a job's payload carries; throws `MailError.invalidSettings` naming what is missing.
    public init(payload: JSONValue) throws(MailError) {
        guard case .object(let fields) = payload, let from = fields["from"], case .string(let subject)? = fields["subject"],
              case .string(let text)? = fields["text"] else {
            throw .invalidSettings("the mail job's payload has no from, subject or text")
        }
        func list(_ key: String) throws(MailError) -> [MailAddress] {
            guard case .array(let items)? = fields[key] else { return [] }
            var addresses: [MailAddress] = []
            for item in items { addresses.append(try MailAddress(payload: item)) }
            return addresses
        }
        var headers: [MailHeader] = []
        if case .array(let items)? = fields["headers"] {
            for case .object(let header) in items {
                if case .string(let name)? = header["name"], case .string(let value)? = header["value"] { headers.append(MailHeader(name, value)) }
            }
        }
        var html: String?
        if case .string(let text)? = fields["html"] { html = text }
        var replyTo: MailAddress?
        if let value = fields["reply_to"], value != .null { replyTo = try MailAddress(payload: value) }
        self.init(from: try MailAddress(payload: from), to: try list("to"), cc: try list("cc"), bcc: try list("bcc"), replyTo: replyTo,
                  subject: subject, text: text, html: html, headers: headers)
    }
}

extension MailAddress {
    var payload: JSONValue {
        .object(["address": .string(address), "name": name.map(JSONValue.string) ?? .null])
    }

    init(payload: JSONValue) throws(MailError) {
        guard case .object(let fields) = payload, case .string(let address)? = fields["address"] else {
            throw .invalidSettings("an address in the mail job's payload has no address")
        }
        var name: String?
        if case .string(let text)? = fields["name"] { name = text }
        try self.init(address, name: name)
    }
}
