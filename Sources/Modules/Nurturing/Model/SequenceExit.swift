/// Why an enrollment ends before its last step. The first four are the sequence's exit
/// conditions, each switched on or off per sequence; the last two always apply.
public enum ExitReason: String, Sendable, Codable, CaseIterable {
    /// An e-mail activity was logged on the contact after it was enrolled (a reply logged by
    /// hand, or by the tickets module's mail-in).
    case replied
    /// A deal was opened for the contact after it was enrolled.
    case dealOpened = "deal_opened"
    /// The contact unsubscribed from marketing mail.
    case unsubscribed
    /// One of the contact's deals was won.
    case becameCustomer = "became_customer"
    /// Someone stopped it through the API.
    case stopped
    /// The contact was archived or erased.
    case contactRemoved = "contact_removed"

    /// The conditions a sequence may choose, all on by default.
    public static let conditions: [ExitReason] = [.replied, .dealOpened, .unsubscribed, .becameCustomer]
}
