import CarnetCore
import CarnetFollowUps
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

/// Merging contacts and companies moves every link, the follow-ups' tasks included, and the
/// undo puts the database back row for row.
@Suite("Merge and undo")
struct MergeUndoTests {
    /// The tables a merge touches, each read in full in a fixed order.
    static let dumped = ["contacts": "id", "companies": "id", "deals": "id", "activities": "id", "contact_tags": "tag, contact_id", "tasks": "id"]

    func dump(_ world: FollowUpsWorld) async throws -> [String: [[SQLValue]]] {
        try await world.services.database.read { conn in
            var tables: [String: [[SQLValue]]] = [:]
            for (table, order) in Self.dumped {
                tables[table] = try conn.query("SELECT * FROM \(table) ORDER BY \(order)", []).map(\.values)
            }
            return tables
        }
    }

    struct Fixture {
        let acme: Company
        let acmeSAS: Company
        let survivor: Contact
        let merged: Contact
        let deal: Deal
        let activity: Activity
        let task: FollowUpTask
        let actor: Actor
    }

    /// Two Acmes; Jean Dupont at the first, Jean Dupond (the same man) at the second with a deal,
    /// a note and a task; a colleague at the second company.
    func fixture(_ world: FollowUpsWorld) async throws -> Fixture {
        let user = try await world.user("manager@example.com", role: .manager)
        let actor = Actor(userID: user.id, role: user.role, name: user.name)
        let services = world.services
        let acme = try await services.database.write { conn in
            var patch = CompanyPatch()
            patch.name = "Acme"
            patch.website = .some("https://www.acme.fr")
            return try services.companies.create(patch, actor: actor, conn)
        }
        let acmeSAS = try await services.database.write { conn in
            var patch = CompanyPatch()
            patch.name = "ACME SAS"
            patch.website = .some("acme.fr/contact")
            patch.industry = .some("Tools")
            return try services.companies.create(patch, actor: actor, conn)
        }
        func contact(_ configure: @escaping @Sendable (inout ContactPatch) -> Void) async throws -> Contact {
            try await services.database.write { conn in
                var patch = ContactPatch()
                configure(&patch)
                return try services.contacts.create(patch, actor: actor, conn)
            }
        }
        let survivor = try await contact { patch in
            patch.firstName = "Jean"; patch.lastName = "Dupont"; patch.email = "jean@acme.fr"; patch.companyID = .some(acme.id)
            patch.phones = .some(["06 12 34 56 78"]); patch.tags = .some(["vip"])
        }
        let merged = try await contact { patch in
            patch.firstName = "Jean"; patch.lastName = "Dupond"; patch.email = "JEAN@acme.fr"; patch.companyID = .some(acmeSAS.id)
            patch.phones = .some(["+33 6 99 99 99 99"]); patch.tags = .some(["fair"]); patch.title = "CEO"
        }
        _ = try await contact { patch in patch.firstName = "Paul"; patch.lastName = "Martin"; patch.companyID = .some(acmeSAS.id) }
        var dealPatch = DealPatch()
        dealPatch.title = "Tools for Acme"
        dealPatch.contactID = .some(merged.id)
        dealPatch.companyID = .some(acmeSAS.id)
        dealPatch.nextAction = .some("Call")
        dealPatch.nextActionAt = .some(world.inHours(24))
        let deal = try await world.deal(dealPatch, by: actor)
        let activity = try await services.database.write { conn in
            var input = ActivityInput(kind: .note)
            input.body = "Met at the fair"
            input.contactID = merged.id
            input.companyID = acmeSAS.id
            return try services.activities.create(input, actor: actor, conn)
        }
        let task = try await world.task("Send the brochure", due: world.inHours(48), by: actor) { patch in
            patch.contactID = .some(merged.id)
            patch.companyID = .some(acmeSAS.id)
        }
        return Fixture(acme: acme, acmeSAS: acmeSAS, survivor: survivor, merged: merged, deal: deal, activity: activity, task: task, actor: actor)
    }

    @Test("merging contacts moves deal, note and task, archives the other; undo restores every row", arguments: Backend.available)
    func contacts(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let f = try await fixture(world)
            let services = world.services
            let before = try await dump(world)
            world.clock.advance(by: 60)
            let merge = try await services.database.write { conn in
                try services.merges.merge(.contact, MergeRequest(survivorID: f.survivor.id, mergedID: f.merged.id, fields: ["email": .merged, "company_id": .survivor],
                                                                 survivorVersion: 1, mergedVersion: 1), actor: f.actor, conn)
            }
            #expect(merge.moved == [MovedRows(table: "deals", column: "contact_id", ids: [f.deal.id]),
                                    MovedRows(table: "activities", column: "contact_id", ids: [f.activity.id]),
                                    MovedRows(table: "tasks", column: "contact_id", ids: [f.task.id])])
            try await services.database.read { conn in
                let survivor = try services.contacts.get(f.survivor.id, conn)
                #expect(survivor.email == "jean@acme.fr")
                #expect(survivor.emails.isEmpty)
                #expect(survivor.title == "CEO")
                #expect(survivor.companyID == f.acme.id)
                #expect(survivor.phones == ["06 12 34 56 78", "+33 6 99 99 99 99"])
                #expect(survivor.tags == ["vip", "fair"])
                #expect(survivor.version == 2)
                let merged = try conn.queryOne("SELECT archived_at, merged_into, version FROM contacts WHERE id = ?", [.text(f.merged.id)])
                #expect(merged?.int64("archived_at") != nil)
                #expect(merged?.string("merged_into") == f.survivor.id)
                #expect(merged?.int("version") == 2)
                for (table, id) in [("deals", f.deal.id), ("activities", f.activity.id), ("tasks", f.task.id)] {
                    let row = try conn.queryOne("SELECT contact_id FROM \(table) WHERE id = ?", [.text(id)])
                    #expect(row?.string("contact_id") == f.survivor.id, "\(table)")
                }
                let tags = try conn.query("SELECT tag FROM contact_tags WHERE contact_id = ? ORDER BY tag", [.text(f.survivor.id)]).compactMap { $0.string("tag") }
                #expect(tags == ["fair", "vip"])
                #expect(try services.changes.events(entity: "contact", id: f.survivor.id, conn).map(\.type).suffix(2) == ["contact.updated", "contact.merged"])
                #expect(try services.changes.auditTrail(entity: "contact", id: f.merged.id, conn).map(\.field) == ["archived_at", "merged_into"])
                // The pair is gone with the merged record.
                #expect(try conn.queryOne("SELECT COUNT(*) AS n FROM duplicate_pairs WHERE entity_type = 'contact'", [])?.int("n") == 0)
            }
            world.clock.advance(by: 3600)
            let undone = try await services.database.write { conn in try services.merges.undo(merge.id, actor: f.actor, conn) }
            #expect(undone.undoneAt == world.clock.now)
            let after = try await dump(world)
            for table in Self.dumped.keys.sorted() {
                #expect(after[table] == before[table], "\(table) differs after the undo")
            }
            let (lastEvent, pairs) = try await services.database.read { conn in
                (try services.changes.events(entity: "contact", id: f.survivor.id, conn).last?.type,
                 try conn.queryOne("SELECT COUNT(*) AS n FROM duplicate_pairs WHERE entity_type = 'contact'", [])?.int("n"))
            }
            #expect(lastEvent == "contact.merge_undone")
            #expect(pairs == 1)
        }
    }

    @Test("merging companies moves contacts, deals, notes and tasks; undo restores every row, search keys included", arguments: Backend.available)
    func companies(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let f = try await fixture(world)
            let services = world.services
            let before = try await dump(world)
            let merge = try await services.database.write { conn in
                try services.merges.merge(.company, MergeRequest(survivorID: f.acme.id, mergedID: f.acmeSAS.id), actor: f.actor, conn)
            }
            #expect(merge.moved.map(\.table) == ["contacts", "deals", "activities", "tasks"])
            #expect(merge.moved.first?.ids.count == 2)
            try await services.database.read { conn in
                let acme = try services.companies.get(f.acme.id, conn)
                #expect(acme.industry == "Tools")
                #expect(acme.website == "https://www.acme.fr")
                let keys = try conn.query("SELECT DISTINCT company_key FROM contacts WHERE company_id = ?", [.text(f.acme.id)]).compactMap { $0.string("company_key") }
                #expect(keys == ["acme"])
                #expect(try conn.queryOne("SELECT COUNT(*) AS n FROM contacts WHERE company_id = ?", [.text(f.acmeSAS.id)])?.int("n") == 0)
            }
            _ = try await services.database.write { conn in try services.merges.undo(merge.id, actor: f.actor, conn) }
            let after = try await dump(world)
            for table in Self.dumped.keys.sorted() {
                #expect(after[table] == before[table], "\(table) differs after the undo")
            }
        }
    }

    @Test("a merge moves the tasks of a disabled follow-ups module too", arguments: Backend.available)
    func disabledModule(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let f = try await fixture(world)
            let services = world.services
            try await services.disableModule("followups", actor: .system)
            let merge = try await services.database.write { conn in
                try services.merges.merge(.contact, MergeRequest(survivorID: f.survivor.id, mergedID: f.merged.id), actor: f.actor, conn)
            }
            #expect(merge.moved.contains(MovedRows(table: "tasks", column: "contact_id", ids: [f.task.id])))
        }
    }

    @Test("merge and undo latency, printed (not asserted)", arguments: Backend.available)
    func latency(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let f = try await fixture(world)
            let services = world.services
            let start = ContinuousClock.now
            let merge = try await services.database.write { conn in
                try services.merges.merge(.contact, MergeRequest(survivorID: f.survivor.id, mergedID: f.merged.id), actor: f.actor, conn)
            }
            let merged = ContinuousClock.now
            _ = try await services.database.write { conn in try services.merges.undo(merge.id, actor: f.actor, conn) }
            let undone = ContinuousClock.now
            print("merge-latency \(backend): merge \(merged - start), undo \(undone - merged)")
        }
    }
}
