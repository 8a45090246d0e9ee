/// Internal failures of the connection, turned into ``MailError`` once the command is known.
enum SMTPConnectionError: Error {
    /// The connection ended before a complete reply.
    case closed
    /// No complete reply within the command timeout.
    case timedOut
    /// A line that is not `NNN`, `NNN text` or `NNN-text`, or an endless one.
    case malformedReply(String)
}
