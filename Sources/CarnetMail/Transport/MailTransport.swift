/// Delivers rendered messages somewhere: the seam between Carnet's outbox and the outside world.
///
/// Implementations render the message themselves with ``MailMessage/rendered(date:messageID:)``.
/// They throw ``MailError`` so the caller can tell a retry (``MailError/isTransient``) from a
/// failure someone has to look at. Sending the same `messageID` twice must be safe to attempt,
/// but only ``FileMailTransport`` can guarantee the second attempt replaces the first.
public protocol MailTransport: Sendable {
    /// Renders and delivers one message under the given message id.
    func send(_ message: MailMessage, messageID: String) async throws
}
