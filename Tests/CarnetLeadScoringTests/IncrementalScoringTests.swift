import CarnetCore
import CarnetLeadScoring
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

/// With the built-in model: senior title +15, forms 25 (half-life 30 d), meetings 30 (45 d),
/// calls 10 (21 d), +10 when active in the last 7 days, -10 after 90 quiet days; warm 40, hot 70.
@Suite("Scores from events")
struct IncrementalScoringTests {
    @Test("a CEO becomes hot after a form and a meeting, with one lead.became_hot; a call keeps it hot without another", arguments: Backend.available)
    func becomesHot(backend: Backend) async throws {
        try await ScoringWorld.with(backend) { world in
            let ceo = try await world.contact(#"{"last_name":"Durand","title":"CEO"}"#)
            try await world.work()
            #expect(try await world.score(ceo)! == (15, "cold"))
            try await world.formSubmitted(by: ceo)
            try await world.work()
            #expect(try await world.score(ceo)! == (50, "warm"))
            try await world.activity(.meeting, on: ceo)
            try await world.work()
            #expect(try await world.score(ceo)! == (80, "hot"))
            try await world.activity(.call, on: ceo)
            try await world.activity(.note, on: ceo)
            try await world.work()
            #expect(try await world.score(ceo)! == (90, "hot"))
            #expect(try await world.leadEvents(ceo) == ["lead.score_changed cold→warm", "lead.score_changed warm→hot", "lead.became_hot warm→hot"])
            #expect(try await world.count("lead_signals") == 3)
            let explained = try await world.services.database.read { conn in try ScoreService().get(ceo.id, language: .en, conn) }
            #expect(explained.explanation.map(\.rule) == ["senior_title", "forms", "meetings", "calls", "active_this_week"])
            #expect(explained.explanation.map(\.points) == [15, 25, 30, 10, 10])
            #expect(explained.explanation[2].detail == "1 × meeting, the latest 0 d ago")
        }
    }

    @Test("the daily decay job lowers engagement by hand-computed figures: hot to warm after 45 days, cold after 100", arguments: Backend.available)
    func decay(backend: Backend) async throws {
        try await ScoringWorld.with(backend) { world in
            #expect(world.module.background(world.services).recurring == [RecurringJob(kind: LeadScoringModule.decay, every: 86_400)])
            let ceo = try await world.contact(#"{"last_name":"Durand","title":"CEO"}"#)
            try await world.formSubmitted(by: ceo)
            try await world.activity(.meeting, on: ceo)
            try await world.activity(.call, on: ceo)
            try await world.work()
            #expect(try await world.score(ceo)! == (90, "hot"))
            // 45 days: form 25 × 0.5^1.5 = 8.84 → 9, meeting 30 × 0.5 = 15, call 10 × 0.5^(45/21) = 2.27 → 2; no recency points.
            world.clock.advance(by: 45 * 86_400)
            _ = try await world.write { services, conn in try services.jobs.enqueue(kind: LeadScoringModule.decay, conn) }
            try await world.work()
            #expect(try await world.score(ceo)! == (41, "warm"))
            // 100 days: form 2.48 → 2, meeting 6.43 → 6, call 0.37 → 0 (left out), quiet for 90 days or more: -10.
            world.clock.advance(by: 55 * 86_400)
            let summary = try await world.recomputes.decay()
            #expect(summary == RecomputeService.Summary(scored: 1, written: 1, bandChanges: 1, batches: 1))
            #expect(try await world.score(ceo)! == (13, "cold"))
            #expect(try await world.leadEvents(ceo).suffix(2) == ["lead.score_changed hot→warm", "lead.score_changed warm→cold"])
        }
    }

    @Test("a company change rescores its contacts; an archived contact loses its score, a restored one gets it back", arguments: Backend.available)
    func companyAndArchive(backend: Backend) async throws {
        try await ScoringWorld.with(backend) { world in
            let acme = try await world.company(#"{"name":"Acme","size":5}"#)
            let buyer = try await world.contact(#"{"last_name":"Petit","title":"Buyer","company_id":"\#(acme.id)"}"#)
            let head = try await world.contact(#"{"last_name":"Roux","title":"Head of IT","company_id":"\#(acme.id)"}"#)
            try await world.work()
            #expect(try await world.score(buyer)! == (0, "cold"))
            #expect(try await world.score(head)! == (15, "cold"))
            let patch = try ScoringWorld.decode(CompanyPatch.self, #"{"size":50}"#)
            _ = try await world.write { services, conn in try services.companies.update(acme.id, patch, expectedVersion: nil, actor: .system, conn) }
            try await world.work()
            #expect(try await world.score(buyer)! == (10, "cold"))
            #expect(try await world.score(head)! == (25, "cold"))
            _ = try await world.write { services, conn in try services.contacts.archive(buyer.id, expectedVersion: nil, actor: .system, conn) }
            try await world.work()
            #expect(try await world.score(buyer) == nil)
            _ = try await world.write { services, conn in try services.contacts.restore(buyer.id, actor: .system, conn) }
            try await world.work()
            #expect(try await world.score(buyer)! == (10, "cold"))
        }
    }

    @Test("an e-mail open or click from a campaign counts once per event; an unknown contact is ignored", arguments: Backend.available)
    func campaignSignals(backend: Backend) async throws {
        try await ScoringWorld.with(backend) { world in
            let lead = try await world.contact(#"{"last_name":"Blanc"}"#)
            try await world.emit("campaign.email_opened", lead)
            try await world.emit("campaign.email_clicked", lead)
            try await world.emit("campaign.email_clicked", lead)
            try await world.work()
            // Opens 2, clicks 2 × 8 = 16, active this week +10.
            #expect(try await world.score(lead)! == (28, "cold"))
            #expect(try await world.count("lead_signals", where: "kind = 'email_clicked'") == 2)
            let ghost = try await world.contact(#"{"last_name":"Ghost"}"#)
            _ = try await world.write { services, conn in try services.contacts.erase(ghost.id, actor: .system, conn) }
            try await world.emit("campaign.email_opened", ghost)
            try await world.work()
            #expect(try await world.score(ghost) == nil)
        }
    }
}
