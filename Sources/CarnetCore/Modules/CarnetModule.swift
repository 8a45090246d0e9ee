/// An optional part of Carnet, compiled in and switched on or off at run time.
///
/// Disabling a module hides its routes and pages and pauses its jobs and handlers;
/// its tables and rows stay, so enabling it again brings everything back.
public protocol CarnetModule: Sendable {
    /// A short stable id: `followups`, `capture`, `tickets`.
    var id: String { get }
    /// The name shown to users.
    var title: String { get }
    /// One sentence on what it does.
    var summary: String { get }
    /// Ids of modules that must be enabled before this one.
    var dependencies: [String] { get }
    /// Its schema changes, numbered from 1 within the module.
    var migrations: [Migration] { get }
    /// The API routes it adds.
    var routes: [ModuleRoute] { get }
    /// Event types it reacts to (after the change, from the outbox).
    var subscribedEvents: [String] { get }
    /// Kinds of scheduled job it runs.
    var jobKinds: [String] { get }
    /// Rules it adds to every new or changed deal while it is enabled.
    var dealRules: [any DealRule] { get }
    /// The columns of its tables that point at contacts or companies: a merge moves their
    /// rows to the surviving record, whether the module is enabled or not (its data is kept).
    var references: [RecordReference] { get }
    /// Its tables holding a contact's personal data, deleted when the contact is erased.
    var personalData: [PersonalDataReference] { get }
}

extension CarnetModule {
    public var dependencies: [String] { [] }
    public var routes: [ModuleRoute] { [] }
    public var subscribedEvents: [String] { [] }
    public var jobKinds: [String] { [] }
    public var dealRules: [any DealRule] { [] }
    public var references: [RecordReference] { [] }
    public var personalData: [PersonalDataReference] { [] }
}

/// What enabling or disabling a module will do, shown before the admin confirms.
public struct ModuleImpact: Sendable, Equatable, Codable {
    public var module: String
    /// Migrations not yet applied that enabling will run.
    public var pendingMigrations: [String]
    public var routes: [String]
    public var jobs: [String]
    public var events: [String]
    /// Modules that must be enabled first (for enable) or that depend on it (for disable).
    public var blockedBy: [String]
    /// What stays in the database while the module is off.
    public var keptData: String

    enum CodingKeys: String, CodingKey {
        case module, pendingMigrations = "pending_migrations", routes, jobs, events, blockedBy = "blocked_by", keptData = "kept_data"
    }

    public init(module: String, pendingMigrations: [String], routes: [String], jobs: [String], events: [String], blockedBy: [String], keptData: String) {
        self.module = module
        self.pendingMigrations = pendingMigrations
        self.routes = routes
        self.jobs = jobs
        self.events = events
        self.blockedBy = blockedBy
        self.keptData = keptData
    }
}
