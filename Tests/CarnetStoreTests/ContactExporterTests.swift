import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Contact export")
struct ContactExporterTests {
    @Test("the header names the importer's columns and one per custom field, fields are quoted as RFC 4180 says, members may not export", arguments: Backend.available)
    func headerAndQuoting(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let owner = try await services.makeUser("olga@example.com")
            let company = try await services.makeCompany("Dupré, Fils & Cie")
            _ = try await services.makeContact { patch in
                patch.firstName = "Éloïse"
                patch.lastName = "Bédard"
                patch.email = "eloise@example.fr"
                patch.phones = ["+33 1 23", "+33 6 45"]
                patch.title = "The \"Boss\""
                patch.companyID = company.id
                patch.street = "12 rue de la Paix\nBâtiment B"
                patch.tags = ["VIP", "Paris"]
                patch.ownerID = owner.id
                patch.emailOptIn = true
                patch.customFields = ["need": .string("CRM"), "score": .number(7)]
            }
            let archived = try await services.makeContact("Gone", "Away")
            _ = try await services.database.write { conn in try services.contacts.archive(archived.id, expectedVersion: nil, actor: .system, conn) }

            let csv = try await exportContacts(services)
            #expect(csv == #"""
                first_name,last_name,email,phones,title,company,street,postcode,city,region,country,source,external_ref,tags,owner,email_opt_in,do_not_email,custom.need,custom.score\#r
                Éloïse,Bédard,eloise@example.fr,+33 1 23; +33 6 45,"The ""Boss""","Dupré, Fils & Cie","12 rue de la Paix
                Bâtiment B",,,,,,,VIP; Paris,olga@example.com,true,false,CRM,7\#r

                """#)

            let member = try await services.makeUser("mia@example.com", role: .member)
            let error = await #expect(throws: CarnetError.self) {
                try await ContactExporter(database: services.database).export(as: member.actor) { _ in }
            }
            #expect(isForbidden(error))
        }
    }

    @Test("export then import into an empty database round-trips every exported field", arguments: Backend.available)
    func roundTrip(backend: Backend) async throws {
        let (csv, original) = try await TestDatabase.with(backend) { services async throws in
            let olga = try await services.makeUser("olga@example.com")
            _ = try await services.makeUser("ivan@example.com")
            let acme = try await services.makeCompany("Acme Société")
            let globex = try await services.makeCompany("Globex")
            _ = try await services.makeContact { patch in
                patch.firstName = "Éloïse"
                patch.lastName = "Bédard"
                patch.email = "eloise@example.fr"
                patch.phones = ["+33 1 23 45 67 89", "+33 6 11 22 33 44"]
                patch.title = "Head of Sales, \"Europe\""
                patch.companyID = acme.id
                patch.street = "12 rue de la Paix\r\nBâtiment B"
                patch.postcode = "75002"
                patch.city = "Paris"
                patch.region = "Île-de-France"
                patch.country = "FR"
                patch.source = "salon"
                patch.externalRef = "ERP-1"
                patch.tags = ["VIP", "Paris"]
                patch.ownerID = olga.id
                patch.emailOptIn = true
                patch.doNotEmail = true
                patch.customFields = [
                    "need": .string("a CRM, simple"), "score": .number(7), "ratio": .number(0.25), "vegan": .bool(true),
                    "langs": .array([.string("fr"), .string("en")]), "code": .string("42"), "flag": .string("true"), "quoted": .string("\"x\""),
                ]
            }
            _ = try await services.makeContact { patch in
                patch.lastName = "Alves"
                patch.email = "bea@example.com"
                patch.companyID = globex.id
                patch.customFields = ["need": .string("ERP")]
            }
            _ = try await services.makeContact { patch in
                patch.firstName = "Solo"
                patch.email = "solo@example.com"
            }
            return (try await exportContacts(services), try await services.exportedFields())
        }

        try await TestDatabase.with(backend) { services async throws in
            _ = try await services.makeUser("olga@example.com")
            _ = try await services.makeUser("ivan@example.com")
            let report = try await ContactImporter(services: services).run(csv: csv, options: ImportOptions(upsertBy: .email), actor: .system)
            #expect(report.errors == [] && report.ignoredColumns == [])
            #expect(report.created == 3 && report.companiesCreated == 2)
            #expect(original.count == 3)
            #expect(try await services.exportedFields() == original)

            let again = try await ContactImporter(services: services).run(csv: csv, options: ImportOptions(upsertBy: .email), actor: .system)
            #expect(again.unchanged == 3 && again.updated == 0 && again.created == 0 && again.companiesCreated == 0)
        }
    }

    @Test("more contacts than a page export completely, each once", arguments: Backend.available)
    func paging(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let count = ContactExporter.pageSize * 2 + 7
            var csv = "last_name,email,custom.rank\n"
            for index in 0..<count { csv += "Name \(index),user\(index)@example.com,\(index % 3 == 0 ? "\(index)" : "")\n" }
            let report = try await ContactImporter(services: services).run(csv: csv, options: ImportOptions(), actor: .system)
            #expect(report.created == count)

            var chunks: [String] = []
            let written = try await ContactExporter(database: services.database).export(as: .system) { chunks.append($0) }
            #expect(written == count)
            #expect(chunks.count == 4)
            let lines = chunks.joined().split(separator: "\r\n")
            #expect(lines.first?.hasSuffix(",custom.rank") == true)
            #expect(Set(lines.dropFirst()).count == count)
        }
    }
}

/// The whole CSV export of a database.
private func exportContacts(_ services: Services) async throws -> String {
    var text = ""
    try await ContactExporter(database: services.database).export(as: .system) { text += $0 }
    return text
}

extension Services {
    /// What the export writes of each live contact, by e-mail: every field, the company by name and the owner by e-mail.
    fileprivate func exportedFields() async throws -> [String: [String]] {
        try await database.read { conn in
            let users = Dictionary(uniqueKeysWithValues: try self.users.list(conn).map { ($0.id, $0.email) })
            let sorted = JSONEncoder()
            sorted.outputFormatting = .sortedKeys
            var fields: [String: [String]] = [:]
            var query = ContactQuery(limit: Limits.pageSize)
            repeat {
                let page = try contacts.list(query, conn)
                for contact in page.items {
                    let company = try contact.companyID.map { try companies.get($0, conn).name }
                    fields[contact.email ?? contact.id] = [
                        contact.firstName ?? "", contact.lastName ?? "", contact.email ?? "", contact.phones.joined(separator: "|"), contact.title ?? "",
                        company ?? "", contact.street ?? "", contact.postcode ?? "", contact.city ?? "", contact.region ?? "", contact.country ?? "",
                        contact.source ?? "", contact.externalRef ?? "", contact.tags.joined(separator: "|"), contact.ownerID.flatMap { users[$0] } ?? "",
                        "\(contact.emailOptIn)", "\(contact.doNotEmail)", String(decoding: try sorted.encode(contact.customFields), as: UTF8.self),
                    ]
                }
                query.cursor = page.nextCursor
            } while query.cursor != nil
            return fields
        }
    }
}
