import CarnetCore
import CarnetStore

/// The `reports` module: the weighted and historical forecast, the funnel and its leak, losses,
/// and the team's adoption of the CRM, each as JSON or CSV under `/api/v1/reports`.
///
/// Every role may read every report (`.read`): they add up deals, stage moves and activities
/// that any user already sees on the board and the records, and a team table is meant to be
/// shared, not to rank people in secret. Reports only read; they write no event.
public struct ReportsModule: CarnetModule {
    public let settings: ReportsSettings

    public init(settings: ReportsSettings = ReportsSettings()) {
        self.settings = settings
    }

    public var id: String { "reports" }
    public var title: String { "Reports" }
    public var summary: String { "Forecast, funnel and its leaks, loss reasons and the team's adoption of the CRM, as JSON or CSV." }
    public var migrations: [Migration] { ReportsMigrations.all }
    public var routes: [ModuleRoute] { ReportRoutes(settings: settings).all }
}
