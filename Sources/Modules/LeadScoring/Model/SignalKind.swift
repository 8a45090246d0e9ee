/// What a contact did that engagement rules count, as kept in `lead_signals`.
public enum SignalKind: String, Sendable, Codable, CaseIterable {
    /// A form submission (`lead.captured`).
    case formSubmitted = "form_submitted"
    /// A campaign e-mail opened (`campaign.email_opened`).
    case emailOpened = "email_opened"
    /// A link of a campaign e-mail clicked (`campaign.email_clicked`).
    case emailClicked = "email_clicked"
    /// Activities logged on the contact, by kind.
    case meeting, call, email
}
