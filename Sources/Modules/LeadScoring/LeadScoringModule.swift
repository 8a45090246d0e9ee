import CarnetCore
import CarnetStore

/// The `leadscoring` module: a 0–100 score per contact from rules an admin edits (fit and
/// engagement with decay), with its explanation, kept up to date from events, and a backtest.
public struct LeadScoringModule: BackgroundModule {
    public let settings: LeadScoringSettings

    public init(settings: LeadScoringSettings = LeadScoringSettings()) {
        self.settings = settings
    }

    public var id: String { "leadscoring" }
    public var title: String { "Lead scoring" }
    public var summary: String { "A 0–100 score per contact from fit and engagement rules, with its explanation; hot leads raise an event." }
    public var migrations: [Migration] { LeadScoringMigrations.all }
    public var routes: [ModuleRoute] { ScoringRoutes(settings: settings).all }
    public var subscribedEvents: [String] { ScoringEventHandler.eventTypes }
    public var jobKinds: [String] { [Self.recompute, Self.decay] }
    /// Signals follow a merged contact. Scores do not: the survivor is rescored by its own events.
    public var references: [RecordReference] {
        [RecordReference(table: "lead_signals", column: "contact_id", entity: .contact, idColumn: "source_id")]
    }

    /// A contact's score and the signals it came from.
    public var personalData: [PersonalDataReference] {
        [PersonalDataReference(table: "lead_scores"), PersonalDataReference(table: "lead_signals")]
    }

    /// The job that rescores every contact, queued when the model is saved.
    public static let recompute = "leadscoring.recompute"
    /// The recurring job that rescores the contacts whose signals age.
    public static let decay = "leadscoring.decay"

    public func background(_ services: Services) -> ModuleBackground {
        let recomputes = RecomputeService(database: services.database, context: services.context, settings: settings, jobs: services.jobs)
        let events = ScoringEventHandler(context: services.context, settings: settings, jobs: services.jobs)
        return ModuleBackground(
            handlers: [
                JobHandler(kind: Self.recompute, effect: { _ in _ = try await recomputes.recomputeAll() }),
                JobHandler(kind: Self.decay, effect: { _ in _ = try await recomputes.decay() }),
            ],
            subscribers: [OutboxSubscriber(id: id, eventTypes: ScoringEventHandler.eventTypes) { event, _, conn in try events.handle(event, conn) }],
            recurring: [RecurringJob(kind: Self.decay, every: Double(settings.decayEveryHours) * 3600)]
        )
    }
}
