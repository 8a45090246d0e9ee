import CarnetCore
import Foundation

/// Writes all live contacts as CSV, in the columns `ContactImporter` reads back.
///
/// The header is `first_name,last_name,email,phones,title,company,street,postcode,city,region,country,source,external_ref,tags,owner,email_opt_in,do_not_email`
/// then one `custom.<name>` column per custom field any live contact has, sorted by name.
/// Phones and tags are joined with `; `, the company is its name, the owner the user's
/// e-mail, booleans `true`/`false`, custom values as `CustomFieldText` writes them.
///
/// Contacts are read in pages of 1,000 by id (keyset paging, no OFFSET), each page in its
/// own read and handed to the sink before the next is read, so memory stays flat for a
/// million contacts. A custom field first set on a contact while an export runs may be
/// missing from that export, whose header was written before.
public struct ContactExporter: Sendable {
    /// Contacts read per query.
    public static let pageSize = 1_000

    public let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    /// Writes the CSV to `sink`, the header first, then one chunk per page; returns the number
    /// of contacts written. The actor needs the manage permission.
    @discardableResult
    public func export(as actor: Actor, to sink: (String) async throws -> Void) async throws -> Int {
        try actor.require(.manage)
        let customNames = try await customFieldNames()
        var writer = CSVWriter()
        writer.append(ContactColumn.allCases.map(\.rawValue) + customNames.map { "custom.\($0)" })
        try await sink(writer.take())
        var after = ""
        var count = 0
        while true {
            let cursor = after
            let rows = try await database.read { conn in
                try conn.query(
                    """
                    SELECT c.*, co.name AS company_name, u.email AS owner_email FROM contacts c
                    LEFT JOIN companies co ON co.id = c.company_id LEFT JOIN users u ON u.id = c.owner_id
                    WHERE c.archived_at IS NULL AND c.id > ? ORDER BY c.id LIMIT ?
                    """,
                    [.text(cursor), .int(Self.pageSize)]
                )
            }
            for row in rows {
                writer.append(Self.fields(Contact(row: row), company: row.string("company_name"), owner: row.string("owner_email"), customNames: customNames))
            }
            count += rows.count
            if !rows.isEmpty { try await sink(writer.take()) }
            guard rows.count == Self.pageSize, let last = rows.last?.string("id") else { return count }
            after = last
        }
    }

    /// The names of the custom fields live contacts have, sorted; read page by page like the export.
    private func customFieldNames() async throws -> [String] {
        var names = Set<String>()
        var after = ""
        while true {
            let cursor = after
            let rows = try await database.read { conn in
                try conn.query("SELECT id, custom_fields FROM contacts WHERE archived_at IS NULL AND custom_fields <> '{}' AND id > ? ORDER BY id LIMIT ?",
                               [.text(cursor), .int(Self.pageSize)])
            }
            for row in rows {
                names.formUnion(row.json("custom_fields", as: [String: JSONValue].self, fallback: [:]).keys)
            }
            guard rows.count == Self.pageSize, let last = rows.last?.string("id") else { return names.sorted() }
            after = last
        }
    }

    /// One contact's cells, in header order.
    private static func fields(_ contact: Contact, company: String?, owner: String?, customNames: [String]) -> [String] {
        var fields: [String] = []
        fields.reserveCapacity(ContactColumn.allCases.count + customNames.count)
        for column in ContactColumn.allCases {
            switch column {
            case .firstName: fields.append(contact.firstName ?? "")
            case .lastName: fields.append(contact.lastName ?? "")
            case .email: fields.append(contact.email ?? "")
            case .phones: fields.append(contact.phones.joined(separator: "; "))
            case .title: fields.append(contact.title ?? "")
            case .company: fields.append(company ?? "")
            case .street: fields.append(contact.street ?? "")
            case .postcode: fields.append(contact.postcode ?? "")
            case .city: fields.append(contact.city ?? "")
            case .region: fields.append(contact.region ?? "")
            case .country: fields.append(contact.country ?? "")
            case .source: fields.append(contact.source ?? "")
            case .externalRef: fields.append(contact.externalRef ?? "")
            case .tags: fields.append(contact.tags.joined(separator: "; "))
            case .owner: fields.append(owner ?? "")
            case .emailOptIn: fields.append(contact.emailOptIn ? "true" : "false")
            case .doNotEmail: fields.append(contact.doNotEmail ? "true" : "false")
            }
        }
        for name in customNames {
            fields.append(contact.customFields[name].map(CustomFieldText.cell) ?? "")
        }
        return fields
    }
}
