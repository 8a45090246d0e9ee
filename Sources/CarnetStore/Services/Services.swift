import CarnetCore

/// Everything the API and the CLI call, built once from the configuration.
public struct Services: Sendable {
    public let database: any Database
    public let context: ServiceContext
    public let contacts: ContactService
    public let companies: CompanyService
    public let deals: DealService
    public let activities: ActivityService
    public let users: UserService
    public let modules: ModuleStateService
    public let idempotency: IdempotencyService
    public let changes: ChangeLog
    public let jobs: JobQueue
    public let webhooks: WebhookService
    /// Candidate duplicate pairs, their dismissal and the full rebuild.
    public let duplicates: DuplicateService
    /// Merges of contacts and companies, and their undo.
    public let merges: MergeService

    /// `jobSettings` gives the attempts of jobs enqueued without their own; `webhookSettings`
    /// the ports webhook URLs may use and the attempts of a delivery.
    public init(database: any Database, context: ServiceContext, catalog: ModuleCatalog, jobSettings: JobSettings = JobSettings(),
                webhookSettings: WebhookSettings = WebhookSettings()) {
        self.database = database
        self.context = context
        contacts = ContactService(context: context)
        companies = CompanyService(context: context)
        modules = ModuleStateService(context: context, catalog: catalog)
        deals = DealService(context: context, modules: modules)
        activities = ActivityService(context: context)
        users = UserService(context: context)
        idempotency = IdempotencyService(clock: context.clock)
        changes = ChangeLog(clock: context.clock)
        jobs = JobQueue(clock: context.clock, defaultMaxAttempts: jobSettings.maxAttempts)
        webhooks = WebhookService(context: context, settings: webhookSettings)
        duplicates = DuplicateService(context: context)
        merges = MergeService(context: context, catalog: catalog)
    }

    /// Brings the schema up to date: the core's migrations, then those of every enabled
    /// module. The first run records the configured modules as enabled.
    public func migrate(configuredModules: [String]) async throws -> [String] {
        let migrator = Migrator(database: database, clock: context.clock)
        var applied = try await migrator.migrate(module: CoreMigrations.module, CoreMigrations.all)
        let enabled = try await database.write { [modules] conn in
            try modules.seed(configured: configuredModules, conn)
            return try modules.enabled(conn)
        }
        for module in modules.catalog.modules where enabled.contains(module.id) {
            applied += try await migrator.migrate(module: module.id, module.migrations)
        }
        return applied
    }

    /// Enables a module: runs its pending migrations, then records it as enabled.
    public func enableModule(_ id: String, actor: Actor) async throws {
        try actor.require(.administer)
        let enabled = try await database.read { [modules] conn in try modules.enabled(conn) }
        try modules.catalog.checkEnable(id, enabled: enabled)
        if let module = modules.catalog.module(id) {
            try await Migrator(database: database, clock: context.clock).migrate(module: id, module.migrations)
        }
        try await database.write { [modules] conn in try modules.set(id, enabled: true, actor: actor, conn) }
    }

    /// Disables a module; its data stays.
    public func disableModule(_ id: String, actor: Actor) async throws {
        try await database.write { [modules] conn in try modules.set(id, enabled: false, actor: actor, conn) }
    }

    /// What switching a module would do.
    public func moduleImpact(_ id: String) async throws -> ModuleImpact {
        let enabled = try await database.read { [modules] conn in try modules.enabled(conn) }
        let applied = try await Migrator(database: database, clock: context.clock).applied(module: id)
        return try modules.catalog.impact(of: id, enabled: enabled, appliedMigrations: applied)
    }
}

extension RouteRequest {
    /// The services a module route works with.
    public var carnet: Services {
        guard let services = services as? Services else { preconditionFailure("module routes are called with Services") }
        return services
    }
}
