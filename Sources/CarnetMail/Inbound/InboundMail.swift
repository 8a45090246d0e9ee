/// A received e-mail as the modules that take mail in need it (tickets, nurturing replies):
/// who sent it, its subject, its text and how it threads.
public struct InboundMail: Sendable, Equatable {
    /// The sender's address, as written (the service normalises it to find the contact).
    public var fromAddress: String
    /// The sender's display name, decoded; nil when the `From` has none.
    public var fromName: String?
    /// The subject, encoded words decoded; empty when there is none.
    public var subject: String
    /// The text: the first text/plain part, else the first text/html part made plain.
    public var text: String
    /// The `Message-ID`, without angle brackets.
    public var messageID: String?
    /// The ids of `In-Reply-To`, then those of `References`, most recent first, without duplicates.
    public var threadIDs: [String]
    /// An auto-reply or a bulk message (`Auto-Submitted` other than `no`, `Precedence: bulk|junk|list`):
    /// never treated as a person's answer (it reopens no ticket, ends no sequence, is never answered).
    public var automatic: Bool

    public init(fromAddress: String, fromName: String?, subject: String, text: String, messageID: String?, threadIDs: [String], automatic: Bool) {
        self.fromAddress = fromAddress
        self.fromName = fromName
        self.subject = subject
        self.text = text
        self.messageID = messageID
        self.threadIDs = threadIDs
        self.automatic = automatic
    }
}
