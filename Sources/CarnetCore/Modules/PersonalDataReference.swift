/// A module's table whose rows about a contact are its personal data (the answers it gave a
/// form, the e-mails it was sent): erasing the contact deletes them in the same transaction,
/// whether the module is on or not.
public struct PersonalDataReference: Sendable, Hashable {
    public var table: String
    /// The column holding the contact's id.
    public var contactColumn: String

    public init(table: String, contactColumn: String = "contact_id") {
        self.table = table
        self.contactColumn = contactColumn
    }
}
