import CarnetCore
import CarnetStore

/// The `capture` module: public lead capture forms (`/f/{slug}`) with a honeypot and a rate
/// limit, matching by e-mail instead of duplicating, ordered assignment rules, bulk capture of
/// badges scanned at a fair, and the `lead.captured` event.
public struct CaptureModule: CarnetModule {
    public let settings: CaptureSettings

    public init(settings: CaptureSettings = CaptureSettings()) {
        self.settings = settings
    }

    public var id: String { "capture" }
    public var title: String { "Lead capture" }
    public var summary: String { "Web forms that turn visitors into contacts, matched by e-mail, assigned by territory, industry or in turn." }
    public var migrations: [Migration] { CaptureMigrations.all }
    public var routes: [ModuleRoute] {
        CaptureFormRoutes(settings: settings).all + AssignmentRuleRoutes().all + BulkCaptureRoutes(settings: settings).all
    }
    /// A merged contact keeps the submissions of both: they are its source history.
    public var references: [RecordReference] {
        [RecordReference(table: "capture_submissions", column: "contact_id", entity: .contact)]
    }

    /// A contact's submissions hold what it typed into the forms.
    public var personalData: [PersonalDataReference] { [PersonalDataReference(table: "capture_submissions")] }

    /// The event of each captured lead, new or matched.
    public static let leadCaptured = "lead.captured"
}
