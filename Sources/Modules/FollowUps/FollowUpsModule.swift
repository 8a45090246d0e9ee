import CarnetCore
import CarnetStore

/// The `followups` module: tasks with quick entry, next-action discipline on deals,
/// and the Today agenda.
public struct FollowUpsModule: CarnetModule {
    public let settings: FollowUpsSettings

    public init(settings: FollowUpsSettings = FollowUpsSettings()) {
        self.settings = settings
    }

    public var id: String { "followups" }
    public var title: String { "Follow-ups" }
    public var summary: String { "Tasks and reminders, a dated next action on every open deal, and the Today list of what is due." }
    public var migrations: [Migration] { FollowUpsMigrations.all }
    public var routes: [ModuleRoute] { TaskRoutes(settings: settings).all }
    public var dealRules: [any DealRule] { [NextActionRule(policy: settings.nextAction)] }
}
