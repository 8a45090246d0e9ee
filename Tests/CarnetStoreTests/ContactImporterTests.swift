import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Contact import")
struct ContactImporterTests {
    @Test("French headers, a byte order mark and ; between fields map every column", arguments: Backend.available)
    func frenchHeaders(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let owner = try await services.makeUser("olga@example.com", name: "Olga Owner")
            let csv = "\u{FEFF}Prénom;NOM;Courriel;Téléphone;Fonction;Société;Adresse;Code postal;Ville;Région;Pays;Origine;ID externe;Étiquettes;Propriétaire;Opt-in;Ne pas contacter par e-mail;custom.besoin;Remarques\r\n"
                + "Éloïse;Bédard;Eloise.Bedard@Example.FR;+33 1 23 45 67 89|+33 6 11 22 33 44;Acheteuse;Atelier Dupré;12 rue de la Paix;75002;Paris;Île-de-France;fr;salon;ERP-1;VIP|Paris;olga@example.com;oui;non;Un CRM simple;à rappeler\r\n"
            let report = try await importContacts(services, csv, ImportOptions(fileName: "clients.csv"))
            #expect(report.errors == [])
            #expect(report.created == 1 && report.companiesCreated == 1 && !report.rejected)
            #expect(report.ignoredColumns == ["Remarques"])
            #expect(report.mapping.map(\.target.description) == [
                "first_name", "last_name", "email", "phones", "title", "company", "street", "postcode", "city", "region", "country",
                "source", "external_ref", "tags", "owner", "email_opt_in", "do_not_email", "custom.besoin",
            ])

            let contact = try #require(try await services.listContacts().items.first)
            #expect(contact.firstName == "Éloïse" && contact.lastName == "Bédard")
            #expect(contact.email == "eloise.bedard@example.fr")
            #expect(contact.phones == ["+33 1 23 45 67 89", "+33 6 11 22 33 44"])
            #expect(contact.title == "Acheteuse")
            #expect(contact.street == "12 rue de la Paix" && contact.postcode == "75002" && contact.city == "Paris")
            #expect(contact.region == "Île-de-France" && contact.country == "FR" && contact.source == "salon")
            #expect(contact.externalRef == "ERP-1")
            #expect(contact.tags == ["VIP", "Paris"])
            #expect(contact.ownerID == owner.id)
            #expect(contact.emailOptIn && !contact.doNotEmail)
            #expect(contact.customFields == ["besoin": .string("Un CRM simple")])
            let company = try await services.database.read { conn in try services.companies.get(contact.companyID ?? "", conn) }
            #expect(company.name == "Atelier Dupré")
            #expect(try await services.listContacts { $0.prefix = "atelier dup" }.items.map(\.id) == [contact.id])
        }
    }

    @Test("one invalid row in the middle imports nothing and names its line and field", arguments: Backend.available)
    func invalidRowRejectsAll(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let report = try await importContacts(services, fiveRows)
            #expect(report.rejected && report.failed)
            #expect(report.rows == 5 && report.created == 0 && report.skipped == 0)
            #expect(report.errors.map(\.line) == [3])
            #expect(report.errors.first?.errors.map(\.field) == ["email"])
            #expect(try await services.count("contacts") == 0)
            #expect(try await services.count("companies") == 0)
            #expect(try await services.count("events") == 0)
        }
    }

    @Test("skipInvalid imports the valid rows, reports the others and writes one contacts.imported event", arguments: Backend.available)
    func skipInvalid(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let report = try await importContacts(services, fiveRows, ImportOptions(skipInvalid: true, fileName: "five.csv"))
            #expect(!report.rejected && !report.failed)
            #expect(report.created == 4 && report.skipped == 1 && report.companiesCreated == 1)
            #expect(report.errors.map(\.line) == [3])
            #expect(try await services.count("contacts") == 4)
            #expect(try await services.count("contacts", where: "email = ?", ["bad@"]) == 0)
            let events = try await services.database.read { conn in try services.changes.events(after: nil, type: nil, limit: 10, conn).map(\.event) }
            #expect(events.map(\.type) == ["company.created", ContactImporter.eventType])
            #expect(events.last?.payload == .object([
                "file": .string("five.csv"), "rows": .number(5), "created": .number(4), "updated": .number(0), "unchanged": .number(0),
                "skipped": .number(1), "companies_created": .number(1),
            ]))
        }
    }

    @Test("a dry run checks everything, reports what would happen and writes nothing", arguments: Backend.available)
    func dryRun(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let existing = try await services.makeContact("Ana", "Lima", email: "ana@example.com")
            let csv = "email,first_name,city,company\nana@example.com,Ana,Lyon,Acme\nbea@example.com,Bea,Porto,Acme\n"
            let report = try await importContacts(services, csv, ImportOptions(dryRun: true, upsertBy: .email))
            #expect(report.dryRun && !report.rejected)
            #expect(report.created == 1 && report.updated == 1 && report.unchanged == 0 && report.companiesCreated == 1)
            #expect(try await services.count("contacts") == 1)
            #expect(try await services.count("companies") == 0)
            #expect(try await services.contact(existing.id) == existing)
            #expect(try await services.eventTypes(entityID: existing.id) == ["contact.created"])
            #expect(try await services.count("events", where: "type = ?", [.text(ContactImporter.eventType)]) == 0)

            let invalid = try await importContacts(services, "email\nnot-an-address\n", ImportOptions(dryRun: true))
            #expect(invalid.rejected && invalid.failed && invalid.errors.map(\.line) == [2])
        }
    }

    @Test("upsert by e-mail updates the existing contact, with audit rows and a contact.updated event", arguments: Backend.available)
    func upsertByEmail(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let existing = try await services.makeContact { $0.firstName = "Ana"; $0.lastName = "Lima"; $0.email = "ana@example.com"; $0.city = "Porto" }
            clock.advance(by: 60)
            let csv = "E-mail,Ville,Last name\nANA@example.com,Lyon,\nbea@example.com,Braga,Alves\n"

            let duplicate = try await importContacts(services, csv)
            #expect(duplicate.rejected)
            #expect(duplicate.errors.map(\.line) == [2])
            #expect(duplicate.errors.first?.errors.map(\.field) == ["email"])

            let report = try await importContacts(services, csv, ImportOptions(upsertBy: .email))
            #expect(report.errors == [])
            #expect(report.created == 1 && report.updated == 1)
            #expect(try await services.count("contacts") == 2)
            let updated = try await services.contact(existing.id)
            #expect(updated.city == "Lyon" && updated.lastName == "Lima" && updated.version == 2)
            let trail = try await services.database.read { conn in try services.changes.auditTrail(entity: "contact", id: existing.id, conn) }
            #expect(trail.map(\.field) == ["city"])
            #expect(trail.first?.old == .string("Porto") && trail.first?.new == .string("Lyon"))
            #expect(try await services.eventTypes(entityID: existing.id) == ["contact.created", "contact.updated"])

            let again = try await importContacts(services, csv, ImportOptions(upsertBy: .email))
            #expect(again.updated == 0 && again.unchanged == 2 && again.created == 0)
            #expect(try await services.contact(existing.id).version == 2)
        }
    }

    @Test("upsert by external reference updates the contact with that reference, e-mail included", arguments: Backend.available)
    func upsertByExternalRef(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let existing = try await services.makeContact { $0.lastName = "Lima"; $0.email = "old@example.com"; $0.externalRef = "ERP-7" }
            let csv = "external_ref,email,last_name\nERP-7,new@example.com,Lima\nERP-8,other@example.com,Alves\nERP-8,third@example.com,Silva\n"
            let report = try await importContacts(services, csv, ImportOptions(upsertBy: .externalRef, skipInvalid: true))
            #expect(report.updated == 1 && report.created == 1 && report.skipped == 1)
            #expect(report.errors.map(\.line) == [4])
            #expect(report.errors.first?.errors.map(\.field) == ["external_ref"])
            #expect(try await services.contact(existing.id).email == "new@example.com")
        }
    }

    @Test("the same e-mail twice in one file is an error on the second line", arguments: Backend.available)
    func duplicateInFile(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let csv = "first_name,email\nAna,ana@example.com\nBea,bea@example.com\nAnna, ANA@Example.com \n"
            let report = try await importContacts(services, csv)
            #expect(report.rejected)
            #expect(report.errors == [RowError(line: 4, errors: [FieldError("email", "line 2 has the same e-mail; a file lists each contact once")])])
            #expect(try await services.count("contacts") == 0)
        }
    }

    @Test("quoted fields keep commas, doubled quotes and line breaks, and lines count physical lines", arguments: Backend.available)
    func quotedFields(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let csv = #"""
                last_name,title,street,email\#r
                Lima,"Head of Sales, Europe","12 rue de la Paix\#r
                Bâtiment B",ana@example.com\#r
                "Alves","The ""Boss""","",bea@example.com\#r
                Silva,"two
                lines
                here",,not-an-address\#r

                """#
            let report = try await importContacts(services, csv, ImportOptions(skipInvalid: true))
            #expect(report.rows == 3 && report.created == 2)
            #expect(report.errors.map(\.line) == [5])
            let contacts = try await services.listContacts().items
            let lima = try #require(contacts.first { $0.lastName == "Lima" })
            #expect(lima.title == "Head of Sales, Europe")
            #expect(lima.street == "12 rue de la Paix\r\nBâtiment B")
            let alves = try #require(contacts.first { $0.lastName == "Alves" })
            #expect(alves.title == "The \"Boss\"" && alves.street == nil)

            let unclosed = await #expect(throws: CarnetError.self) {
                try await importContacts(services, "last_name,title\nLima,\"never closed\nAlves,x\n")
            }
            #expect(unclosed == .malformed(detail: "line 2: a quoted field is never closed; check the quotes on this line", field: nil))
        }
    }

    @Test("a company named in several spellings is found, or created once", arguments: Backend.available)
    func companiesByName(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let globex = try await services.makeCompany("Globex Société")
            let csv = "last_name,company\nA,globex societe\nB,GLOBEX SOCIÉTÉ\nC,Initech\nD, initech \nE,\n"
            let report = try await importContacts(services, csv)
            #expect(report.created == 5 && report.companiesCreated == 1)
            #expect(try await services.count("companies") == 2)
            let contacts = try await services.listContacts().items
            let byName = Dictionary(uniqueKeysWithValues: contacts.map { ($0.lastName ?? "", $0.companyID) })
            #expect(byName["A"] == globex.id && byName["B"] == globex.id)
            #expect(byName["C"] != nil && byName["C"] == byName["D"] && byName["C"] != globex.id)
            #expect(byName["E"] == .some(nil))
            let initech = try await services.database.read { conn in try services.companies.get((byName["C"] ?? nil) ?? "", conn) }
            #expect(initech.name == "Initech")
            #expect(try await services.listContacts { $0.prefix = "initech" }.items.count == 2)
        }
    }

    @Test("owners are found by e-mail; --as owns the rest; unknown owners are errors", arguments: Backend.available)
    func owners(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let olga = try await services.makeUser("olga@example.com")
            let importer = try await services.makeUser("ivan@example.com", role: .manager)
            let csv = "last_name,owner\nA,OLGA@example.com\nB,\nC,nobody@example.com\n"
            let report = try await importContacts(services, csv, ImportOptions(skipInvalid: true), as: importer.actor)
            #expect(report.created == 2)
            #expect(report.errors == [RowError(line: 4, errors: [FieldError("owner", "no user with e-mail nobody@example.com")])])
            let owners = Dictionary(uniqueKeysWithValues: try await services.listContacts().items.map { ($0.lastName ?? "", $0.ownerID) })
            #expect(owners["A"] == olga.id && owners["B"] == importer.id)
            let event = try await services.database.read { conn in try services.changes.events(after: nil, type: ContactImporter.eventType, limit: 1, conn) }
            #expect(event.first?.event.actorID == importer.id)

            let member = try await services.makeUser("mia@example.com", role: .member)
            await #expect(throws: CarnetError.self) { try await importContacts(services, csv, as: member.actor) }
        }
    }

    @Test("unknown columns are ignored unless mapped; values that are not booleans are errors", arguments: Backend.available)
    func mappingAndValues(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let csv = "Nom complet,Mobile,Fixe,Notes,newsletter\nLima,+33 6 1,+33 1 2,VIP client,peut-être\nAlves,,,,\n"
            let ignored = try await importContacts(services, csv, ImportOptions(dryRun: true))
            #expect(ignored.ignoredColumns == ["Nom complet", "Fixe", "Notes", "newsletter"])

            let report = try await importContacts(services, csv, ImportOptions(skipInvalid: true, columnMap: [
                "nom complet": "last_name", "Fixe": "phones", "Notes": "custom.notes", "Newsletter": "email_opt_in",
            ]))
            #expect(report.ignoredColumns == [])
            #expect(report.errors.map(\.line) == [2])
            #expect(report.errors.first?.errors.map(\.field) == ["email_opt_in"])
            #expect(report.created == 1)

            let fixed = try await importContacts(services, csv.replacingOccurrences(of: "peut-être", with: "OUI"), ImportOptions(columnMap: [
                "nom complet": "last_name", "Fixe": "phones", "Notes": "custom.notes", "Newsletter": "email_opt_in",
            ]))
            #expect(fixed.created == 2 && fixed.errors == [])
            let lima = try #require(try await services.listContacts { $0.prefix = "lima" }.items.first)
            #expect(lima.phones == ["+33 6 1", "+33 1 2"])
            #expect(lima.customFields == ["notes": .string("VIP client")])
            #expect(lima.emailOptIn)

            let twice = await #expect(throws: CarnetError.self) {
                try await importContacts(services, "email,courriel\na@example.com,b@example.com\n")
            }
            guard case .validation(let problems)? = twice else { Issue.record("expected a validation error"); return }
            #expect(problems.map(\.field) == ["header"])
            let unknown = await #expect(throws: CarnetError.self) {
                try await importContacts(services, csv, ImportOptions(columnMap: ["Notes": "nonsense"]))
            }
            #expect(validationFields(unknown) == ["map"])
        }
    }

    @Test("a large import brings back every index it dropped; a rejected one leaves them as they were", arguments: Backend.available)
    func largeImportKeepsIndexes(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let before = try await indexes(services)
            #expect(before.contains { $0.contains("contacts_email") })
            let rows = (0..<ContactImporter.largeImport).map { "Ana\($0),Lima,ana.\($0)@example.com,prospect|salon" }
            let csv = (["first_name,last_name,email,tags"] + rows).joined(separator: "\n")
            let rejected = try await importContacts(services, csv + "\nBad,Row,bad@,x\n")
            #expect(rejected.rejected && rejected.errors.map(\.line) == [ContactImporter.largeImport + 2])
            #expect(try await indexes(services) == before)
            #expect(try await services.count("contacts") == 0)

            let report = try await importContacts(services, csv)
            #expect(report.created == ContactImporter.largeImport && !report.rejected)
            #expect(try await indexes(services) == before)
            #expect(try await services.count("contact_tags") == 2 * ContactImporter.largeImport)
            #expect(try await services.listContacts { $0.prefix = "ana.9999@" }.items.map(\.email) == ["ana.9999@example.com"])
        }
    }

    @Test("lists of texts and empty custom fields are stored as the JSON encoder writes them")
    func jsonFastPaths() throws {
        for list in [[], ["a"], ["quote \" backslash \\ slash /", "tab\tline\ncr\r\u{1}\u{1F}", "é € 😀 \u{2028}"]] as [[String]] {
            #expect(SQLValue.json(list) == .text(String(decoding: try CarnetJSON.encoder.encode(list), as: UTF8.self)))
        }
        #expect(SQLValue.json([String: JSONValue]()) == .text("{}"))
        #expect(SQLValue.json(["a": JSONValue.number(1)]) == .text(#"{"a":1}"#))
    }

    @Test("text that is not UTF-8 is refused with the line at fault")
    func notUTF8() throws {
        var data = Data("last_name\nLima\n".utf8)
        data.append(contentsOf: [0x4C, 0xE9, 0x61, 0x0A])
        let error = #expect(throws: CarnetError.self) { try ContactImporter.text(of: data) }
        #expect(error == .malformed(detail: "line 3 is not UTF-8 text; save the file as \"CSV UTF-8\" and import it again", field: nil))
    }
}

/// Five rows; the second (line 3) has an invalid e-mail.
private let fiveRows = """
    first_name,last_name,email,company
    Ana,Lima,ana@example.com,Acme
    Bad,Row,bad@,Acme
    Bea,Alves,bea@example.com,Acme
    Caio,Silva,caio@example.com,
    Dina,Costa,dina@example.com,Acme

    """

/// Runs an import of `csv` as `actor` (the system by default).
/// The definitions of the indexes on the tables an import fills, sorted.
private func indexes(_ services: Services) async throws -> [String] {
    try await services.database.read { conn in
        let sql = conn.dialect.dialect == .postgres
            ? "SELECT indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('contacts', 'contact_tags', 'duplicate_keys')"
            : "SELECT name || ': ' || coalesce(sql, '') AS sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('contacts', 'contact_tags', 'duplicate_keys')"
        return try conn.query(sql, []).compactMap { $0.string("sql") }.sorted()
    }
}

private func importContacts(_ services: Services, _ csv: String, _ options: ImportOptions = ImportOptions(), as actor: Actor = .system) async throws -> ImportReport {
    try await ContactImporter(services: services).run(csv: csv, options: options, actor: actor)
}
