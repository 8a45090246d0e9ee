/// A new lead as the Today agenda needs it: the contact, whether anyone has contacted
/// them yet, and whether they are hot.
///
/// Hotness is the caller's call (a lead score, a form asking for a call back); without
/// a scoring module, every new lead is hot.
public struct AgendaLead: Sendable, Equatable {
    public var contact: Contact
    /// A call, meeting or e-mail has been logged with the contact.
    public var contacted: Bool
    public var isHot: Bool

    public init(contact: Contact, contacted: Bool, isHot: Bool = true) {
        self.contact = contact
        self.contacted = contacted
        self.isHot = isHot
    }
}
