import CarnetCore
import CarnetLeadScoring
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Model changes and recompute")
struct RecomputeTests {
    /// Buyers +45, nothing else: warm from 40, hot from 70.
    static let buyers = ScoringModel(thresholds: Thresholds(warm: 40, hot: 70), fit: [FitRule(id: "buyer", label: "Buyer", field: .title, values: ["buyer"], points: 45)])

    @Test("saving the model queues one recompute that rescores every live contact in keyset batches and writes only what changed", arguments: Backend.available)
    func recompute(backend: Backend) async throws {
        var settings = LeadScoringSettings()
        settings.batchSize = 1
        try await ScoringWorld.with(backend, settings: settings) { world in
            let ceo = try await world.contact(#"{"last_name":"Durand","title":"CEO"}"#)
            let buyer = try await world.contact(#"{"last_name":"Petit","title":"Senior buyer"}"#)
            let gone = try await world.contact(#"{"last_name":"Roux","title":"Buyer"}"#)
            try await world.work()
            _ = try await world.write { services, conn in try services.contacts.archive(gone.id, expectedVersion: nil, actor: .system, conn) }
            let admin = try await world.write { services, conn in try services.users.create(email: "ana@example.com", name: "Ana", role: .manager, passwordHash: nil, actor: .system, conn) }
            let models = ModelService(context: world.services.context, jobs: world.services.jobs)
            let saved = try await world.write { _, conn in try models.save(Self.buyers, expectedVersion: 0, actor: admin.actor, conn) }
            #expect(saved.version == 1)
            #expect(try await world.count("jobs", where: "kind = '\(LeadScoringModule.recompute)' AND status = 'queued'") == 1)
            try await world.work()
            #expect(try await world.score(ceo)! == (0, "cold"))
            #expect(try await world.score(buyer)! == (45, "warm"))
            #expect(try await world.score(gone) == nil)
            #expect(try await world.leadEvents(buyer) == ["lead.score_changed cold→warm"])
            // Nothing changed since: every contact is read, none written.
            #expect(try await world.recomputes.recomputeAll() == RecomputeService.Summary(scored: 2, written: 0, bandChanges: 0, batches: 2))
            // A stale version is a conflict; a member may not change the model.
            await #expect(throws: CarnetError.versionConflict(entity: "scoring_model", id: "default", expected: 0, actual: 1)) {
                try await world.write { _, conn in try models.save(.standard, expectedVersion: 0, actor: admin.actor, conn) }
            }
            let member = try await world.write { services, conn in try services.users.create(email: "bob@example.com", name: "Bob", role: .member, passwordHash: nil, actor: .system, conn) }
            await #expect(throws: CarnetError.self) {
                try await world.write { _, conn in try models.save(.standard, expectedVersion: 1, actor: member.actor, conn) }
            }
            let current = try await world.services.database.read { conn in try models.current(conn) }
            #expect(current.model == Self.buyers)
            #expect(current.updatedBy == admin.id)
        }
    }

    @Test("a model with a bad rule is refused whole and nothing is queued", arguments: Backend.available)
    func refused(backend: Backend) async throws {
        try await ScoringWorld.with(backend) { world in
            let model = ScoringModel(thresholds: Thresholds(warm: 80, hot: 60), fit: ScoringModel.standard.fit)
            let models = ModelService(context: world.services.context, jobs: world.services.jobs)
            await #expect(throws: CarnetError.self) {
                try await world.write { _, conn in try models.save(model, expectedVersion: nil, actor: .system, conn) }
            }
            let saved = try await world.count("scoring_model")
            let queued = try await world.count("jobs", where: "kind = '\(LeadScoringModule.recompute)'")
            #expect(saved == 0)
            #expect(queued == 0)
        }
    }
}
