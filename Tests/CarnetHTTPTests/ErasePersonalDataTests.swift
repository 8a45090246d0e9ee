import CarnetCapture
import CarnetCore
import CarnetFollowUps
import CarnetHTTP
import CarnetLeadScoring
import CarnetNurturing
import CarnetSegments
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Erasing a contact erases the modules' rows about it")
struct ErasePersonalDataTests {
    static let catalog = ModuleCatalog([CaptureModule(), SegmentsModule(), FollowUpsModule(), NurturingModule(), LeadScoringModule()])

    @Test("form answers, campaign and sequence e-mails, enrollments and scores go in the erase's transaction, even with their module off; the unsubscribe stays",
          arguments: Backend.available)
    func erase(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["capture", "segments", "followups", "nurturing", "leadscoring"]) { api in
            _ = try await api.create("/api/v1/capture/forms", as: .manager, ["slug": "demo", "title": "Demo",
                                                                            "fields": [["name": "email", "label": "E-mail", "kind": "email", "required": true, "maps_to": "email"],
                                                                                       ["name": "note", "label": "Note", "maps_to": "custom.note"]]])
            let submitted = try await api.send(.post, "/f/demo", as: .anonymous, json: ["email": "lea@example.com", "note": "call me"])
            let contact = try #require(submitted.json["contact_id"] as? String, "\(submitted.text)")
            let other = try await api.contact(first: "Max", last: "Roux")
            let sequence = try await api.create("/api/v1/sequences", as: .manager, ["name": "S", "trigger": ["kind": "manual"], "steps": [["kind": "tag", "tag": "x"]]])
            for id in [contact, other.id] {
                _ = try await api.create("/api/v1/sequences/\(sequence.id)/enrollments", ["contact_id": id])
            }
            _ = try await RecomputeService(database: api.services.database, context: api.services.context, settings: LeadScoringSettings(),
                                           jobs: api.services.jobs).recomputeAll()
            try await api.services.database.write { conn in
                for id in [contact, other.id] {
                    try conn.execute("""
                        INSERT INTO nurture_messages (id, enrollment_id, sequence_id, step_index, contact_id, email, status, links, created_at, updated_at)
                        VALUES (?, ?, ?, 0, ?, 'x@example.com', 'sent', '', 0, 0)
                        """, [.text("nms_\(id)"), .text("enr_\(id)"), .text(sequence.id), .text(id)])
                    try conn.execute("""
                        INSERT INTO campaign_recipients (id, campaign_id, contact_id, email, status, created_at, updated_at)
                        VALUES (?, 'cmp_x', ?, 'x@example.com', 'sent', 0, 0)
                        """, [.text("rcp_\(id)"), .text(id)])
                }
                try conn.execute("INSERT INTO campaign_unsubscribes (contact_id, email, at) VALUES (?, 'lea@example.com', 0)", [.text(contact)])
            }
            let tables = ["capture_submissions", "nurture_enrollments", "nurture_messages", "campaign_recipients", "lead_scores"]
            for table in tables {
                #expect(try await api.count(table, where: "contact_id = '\(contact)'") == 1, "\(table) before")
            }
            #expect(try await api.send(.post, "/api/v1/modules/nurturing/disable").code == 200)
            #expect(try await api.send(.post, "/api/v1/contacts/\(contact)/erase").code == 204)
            for table in tables {
                #expect(try await api.count(table, where: "contact_id = '\(contact)'") == 0, "\(table) after")
                #expect(try await api.count(table, where: "contact_id = '\(other.id)'") == (table == "capture_submissions" ? 0 : 1), "\(table), other contact")
            }
            #expect(try await api.count("campaign_unsubscribes", where: "contact_id = '\(contact)'") == 1)
        }
    }
}
