import CarnetCore
@testable import CarnetReports
import CarnetStore
import CarnetTestSupport
import Foundation

/// A fresh database with the reports module enabled, and the builders its tests need.
struct ReportsWorld {
    let services: Services
    let clock: ManualClock
    let settings = ReportsSettings()

    /// Runs `body` on a fresh database of `backend`, the clock at 2026-01-05 10:00 UTC (a Monday).
    static func with(_ backend: Backend, catalog: [any CarnetModule] = [ReportsModule()], modules enabled: [String] = ["reports"],
                     _ body: @Sendable (ReportsWorld) async throws -> Void) async throws {
        let clock = ManualClock(ReportsWorld.instant("2026-01-05"))
        try await TestDatabase.with(backend, clock: clock, catalog: ModuleCatalog(catalog), enabledModules: enabled) { services in
            try await body(ReportsWorld(services: services, clock: clock))
        }
    }

    /// `YYYY-MM-DD` at `hour`:00 UTC.
    static func instant(_ day: String, hour: Int = 10) -> Date {
        Timestamp.parse(day)!.addingTimeInterval(Double(hour) * 3600)
    }

    /// Moves the clock to `day` at `hour`:00 UTC.
    func at(_ day: String, hour: Int = 10) {
        clock.set(Self.instant(day, hour: hour))
    }

    func user(_ name: String) async throws -> User {
        try await services.database.write { [services] conn in
            try services.users.create(email: "\(name)@example.com", name: name, role: .member, passwordHash: nil, actor: .system, conn)
        }
    }

    func company(_ name: String, region: String?) async throws -> Company {
        var patch = CompanyPatch()
        patch.name = name
        patch.region = region
        let input = patch
        return try await services.database.write { [services] conn in try services.companies.create(input, actor: .system, conn) }
    }

    func contact(_ last: String, region: String? = nil, companyID: String? = nil) async throws -> Contact {
        var patch = ContactPatch()
        patch.lastName = last
        patch.region = region
        patch.companyID = companyID
        let input = patch
        return try await services.database.write { [services] conn in try services.contacts.create(input, actor: .system, conn) }
    }

    /// A deal created now by `owner` in `stage`, passing every entry rule on the way: it has a
    /// contact, a need and decision maker, a meeting logged and a dated next action (unless
    /// `nextAction` is false); a stage from `meeting` on is reached by a second move, the same instant.
    func deal(_ title: String, owner: User, stage: String = "lead", amount: Int64? = nil, currency: String = "EUR", close: String? = nil,
              probability: Int? = nil, contact: Contact? = nil, companyID: String? = nil, nextAction: Bool = true) async throws -> Deal {
        let contactID: String
        if let contact { contactID = contact.id } else { contactID = try await self.contact(title).id }
        var patch = DealPatch()
        patch.title = title
        patch.contactID = contactID
        patch.companyID = companyID
        patch.ownerID = owner.id
        patch.amount = amount
        patch.currency = CurrencyCode(currency)
        patch.expectedClose = close.flatMap(LocalDate.init)
        patch.probability = probability
        patch.customFields = ["need": .string("fleet"), "decision_maker": .string("CFO")]
        if nextAction {
            patch.nextAction = "Call back"
            patch.nextActionAt = clock.now.addingTimeInterval(30 * 86_400)
        }
        let input = patch
        let created = try await services.database.write { [services] conn in try services.deals.create(input, actor: owner.actor, conn) }
        guard stage != "lead" else { return created }
        if ["meeting", "proposal", "negotiation", "won", "lost"].contains(stage) { try await meeting(on: created, by: owner) }
        return try await move(created, to: stage, by: owner)
    }

    /// Logs a meeting on a deal, held at `held` (now by default).
    func meeting(on deal: Deal, by user: User, held: Date? = nil) async throws {
        var input = ActivityInput(kind: .meeting)
        input.dealID = deal.id
        input.occurredAt = held
        let activity = input
        _ = try await services.database.write { [services] conn in try services.activities.create(activity, actor: user.actor, conn) }
    }

    /// Moves a deal to a stage now, giving a loss reason when it is lost.
    @discardableResult
    func move(_ deal: Deal, to stage: String, reason: String? = nil, by user: User) async throws -> Deal {
        var patch = DealPatch()
        patch.stage = stage
        if let reason { patch.lostReason = reason }
        let input = patch
        return try await services.database.write { [services] conn in
            try services.deals.update(deal.id, input, expectedVersion: nil, actor: user.actor, conn)
        }
    }

    func forecast(from: String, to: String, _ configure: (inout ReportFilters) -> Void = { _ in }) async throws -> Forecast {
        var filters = ReportFilters()
        configure(&filters)
        let period = ReportPeriod(from: ReportMonth(from)!, to: ReportMonth(to)!)
        let service = ForecastService(context: services.context, settings: settings)
        let input = filters
        return try await services.database.read { conn in try service.forecast(period, input, conn) }
    }

    func funnel(from: String, to: String, owner: String? = nil) async throws -> Funnel {
        var filters = ReportFilters()
        filters.ownerID = owner
        let period = ReportPeriod(from: ReportMonth(from)!, to: ReportMonth(to)!)
        let service = FunnelService(context: services.context)
        let input = filters
        return try await services.database.read { conn in try service.funnel(period, input, conn) }
    }

    func losses(from: String, to: String, owner: String? = nil) async throws -> Losses {
        var filters = ReportFilters()
        filters.ownerID = owner
        let period = ReportPeriod(from: ReportMonth(from)!, to: ReportMonth(to)!)
        let service = LossesService(context: services.context)
        let input = filters
        return try await services.database.read { conn in try service.losses(period, input, conn) }
    }

    func adoption(weeks: Int, owner: String? = nil) async throws -> Adoption {
        var filters = ReportFilters()
        filters.ownerID = owner
        let service = AdoptionService(context: services.context)
        let input = filters
        return try await services.database.read { conn in try service.adoption(weeks: weeks, input, conn) }
    }
}
