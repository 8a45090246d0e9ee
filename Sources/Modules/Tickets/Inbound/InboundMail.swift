/// A received e-mail as the tickets module needs it: who sent it, its subject, its text and
/// how it threads.
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
    /// stored, but it never reopens a ticket and is never answered.
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
