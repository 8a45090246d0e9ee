import CarnetCore
import Foundation

extension Contact {
    /// The columns `insertBinds` gives values for, in that order.
    static let insertColumns = [
        "id", "first_name", "last_name", "email", "emails", "phones", "title", "company_id", "street", "postcode", "city",
        "region", "country", "source", "external_ref", "tags", "owner_id", "email_opt_in", "do_not_email", "custom_fields",
        "sort_key", "first_key", "email_key", "company_key", "version", "created_at", "updated_at", "archived_at",
    ]

    /// The insert of one or many contacts, its SQL built once.
    static let insertTarget = InsertTarget("contacts", insertColumns)

    static let updateSQL = """
        UPDATE contacts SET first_name = ?, last_name = ?, email = ?, emails = ?, phones = ?, title = ?, company_id = ?,
            street = ?, postcode = ?, city = ?, region = ?, country = ?, source = ?, external_ref = ?, tags = ?, owner_id = ?,
            email_opt_in = ?, do_not_email = ?, custom_fields = ?, sort_key = ?, first_key = ?, email_key = ?,
            company_key = ?, version = ?, created_at = ?, updated_at = ?, archived_at = ?
        WHERE id = ? AND version = ?
        """

    /// The values of `insertColumns` given the company's name for search.
    func insertBinds(companyName: String?) -> [SQLValue] {
        [.text(id)] + fieldBinds(companyName: companyName)
    }

    /// The binds of `updateSQL`, ending with the id and the version it must still have.
    func updateBinds(companyName: String?, expectedVersion: Int) -> [SQLValue] {
        fieldBinds(companyName: companyName) + [.text(id), .int(expectedVersion)]
    }

    private func fieldBinds(companyName: String?) -> [SQLValue] {
        [
            .string(firstName), .string(lastName), .string(email), .json(emails), .json(phones), .string(title), .string(companyID),
            .string(street), .string(postcode), .string(city), .string(region), .string(country), .string(source), .string(externalRef),
            .json(tags), .string(ownerID), .bool(emailOptIn), .bool(doNotEmail), .json(customFields),
            .text(sortKey), .string(fullNameKey),
            .string(email.map(SearchKey.fold)), .string(companyName.map(SearchKey.fold)),
            .int(version), .date(createdAt), .date(updatedAt), .date(archivedAt),
        ]
    }

    /// The default list order: last name, first name, then e-mail, folded.
    var sortKey: String {
        SearchKey.fold(joining: [lastName, firstName, email])
    }

    /// First name then last name, folded: what a user types first when searching.
    var fullNameKey: String? {
        switch (firstName, lastName) {
        case (nil, nil), ("", nil), (nil, ""): nil
        default: SearchKey.fold(joining: [firstName, lastName])
        }
    }

    /// A contact from a `SELECT *` row of `contacts`.
    public init(row: SQLRow) {
        self.init(id: row.string("id") ?? "", at: row.date("created_at") ?? Date(timeIntervalSince1970: 0))
        firstName = row.string("first_name")
        lastName = row.string("last_name")
        email = row.string("email")
        emails = row.texts("emails")
        phones = row.texts("phones")
        title = row.string("title")
        companyID = row.string("company_id")
        street = row.string("street")
        postcode = row.string("postcode")
        city = row.string("city")
        region = row.string("region")
        country = row.string("country")
        source = row.string("source")
        externalRef = row.string("external_ref")
        tags = row.texts("tags")
        ownerID = row.string("owner_id")
        emailOptIn = row.bool("email_opt_in")
        doNotEmail = row.bool("do_not_email")
        customFields = row.fields("custom_fields")
        version = row.int("version") ?? 1
        updatedAt = row.date("updated_at") ?? createdAt
        archivedAt = row.date("archived_at")
    }
}
