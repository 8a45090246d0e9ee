/// A mail to send: addresses, subject, a text body and an optional HTML alternative.
///
/// The value holds no date and no message id: those are given to ``rendered(date:messageID:)`` by
/// the transport, so that an outbox can retry with the same id. `bcc` recipients receive the mail
/// through the SMTP envelope only and never appear in the rendered headers.
public struct MailMessage: Sendable, Hashable {
    /// The author, written in `From` and used as the SMTP envelope sender.
    public var from: MailAddress
    /// The main recipients; at least one is required to render.
    public var to: [MailAddress]
    /// Recipients in copy, visible to everyone.
    public var cc: [MailAddress]
    /// Hidden recipients: in the envelope, never in the headers.
    public var bcc: [MailAddress]
    /// Where replies should go when it is not the author.
    public var replyTo: MailAddress?
    /// The subject, any Unicode text without line breaks.
    public var subject: String
    /// The plain-text body, always sent.
    public var text: String
    /// An HTML body; when present the message becomes `multipart/alternative`.
    public var html: String?
    /// Extra headers written after the standard ones, e.g. `In-Reply-To` and `References`.
    public var headers: [MailHeader]

    /// Creates a message; nothing is validated until it is rendered.
    public init(
        from: MailAddress,
        to: [MailAddress],
        cc: [MailAddress] = [],
        bcc: [MailAddress] = [],
        replyTo: MailAddress? = nil,
        subject: String,
        text: String,
        html: String? = nil,
        headers: [MailHeader] = []
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.replyTo = replyTo
        self.subject = subject
        self.text = text
        self.html = html
        self.headers = headers
    }

    /// Every envelope recipient — `to`, then `cc`, then `bcc` — each address once, case-insensitively.
    public var recipients: [MailAddress] {
        var seen: Set<String> = []
        return (to + cc + bcc).filter { seen.insert($0.address.lowercased()).inserted }
    }
}
