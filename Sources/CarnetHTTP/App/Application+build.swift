import CarnetCapture
import CarnetCore
import CarnetFollowUps
import CarnetLeadScoring
import CarnetMail
import CarnetNurturing
import CarnetReports
import CarnetScripting
import CarnetSegments
import CarnetStore
import CarnetTickets
import Hummingbird
import Logging

/// The composition root: builds the HTTP application from configuration and services.
public enum CarnetApplication {
    /// The modules compiled into this build, with their settings from the configuration.
    public static func catalog(_ config: CarnetConfig) -> ModuleCatalog {
        ModuleCatalog([
            FollowUpsModule(settings: config.followUps, mail: config.mail), TicketsModule(settings: config.tickets, mail: config.mail),
            ReportsModule(settings: config.reports), SegmentsModule(settings: config.segments, mail: config.mail), CaptureModule(settings: config.capture),
            LeadScoringModule(settings: config.leadScoring),
            NurturingModule(settings: config.nurturing, segments: config.segments, followUps: config.followUps, mail: config.mail),
        ])
    }

    /// The plugin host of `services`, with the `[plugins]` settings and the modules' `crm`
    /// functions; it sees every change once installed (``PluginHost/install()``).
    public static func pluginHost(services: Services, config: CarnetConfig, logger: Logger) -> PluginHost {
        PluginHost(services: services, settings: config.plugins, logger: logger, functions: pluginFunctions(config))
    }

    /// The `crm` functions the compiled modules add (`crm.tasks`, `crm.sequences`).
    public static func pluginFunctions(_ config: CarnetConfig) -> [HostFunction] {
        TaskHostFunctions.all(settings: config.followUps) + NurturingHostFunctions.all()
    }

    /// The router with every route and middleware, and the list of API routes it serves.
    public static func router(services: Services, config: CarnetConfig, plugins: PluginHost? = nil) -> (Router<CarnetRequestContext>, [APIRoute]) {
        let plugins = plugins ?? pluginHost(services: services, config: config, logger: Logger(label: "carnet"))
        let router = Router(context: CarnetRequestContext.self)
        let authenticator = TokenAuthenticator(services: services, ttl: Double(config.tokenCacheSeconds))
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: AuthMiddleware(authenticator: authenticator))
        let api = APIRouteBuilder(router: router)
        let writes = WriteRunner(services: services, bodyLimit: config.bodyLimitBytes)
        let gate = ModuleGate(services: services)
        SystemRoutes(services: services).register(api)
        ContactRoutes(writes: writes).register(api)
        CompanyRoutes(writes: writes).register(api)
        DealRoutes(writes: writes).register(api)
        ActivityRoutes(writes: writes).register(api)
        PipelineRoutes(writes: writes).register(api)
        EventRoutes(writes: writes).register(api)
        ModuleRoutes(writes: writes, gate: gate).register(api)
        UserRoutes(writes: writes, authenticator: authenticator).register(api)
        ModuleAPIRoutes(writes: writes, gate: gate).register(api)
        CalendarRoutes(writes: writes, gate: gate, publicURL: config.publicURL).register(api)
        CampaignPublicRoutes(services: services, gate: gate, settings: config.segments, kinds: [.campaign, NurturingModule.trackedMail]).register(api)
        CaptureRoutes(writes: writes, gate: gate, settings: config.capture).register(api)
        JobRoutes(writes: writes).register(api)
        WebhookRoutes(writes: writes).register(api)
        PluginRoutes(writes: writes, host: plugins).register(api)
        DuplicateRoutes(writes: writes).register(api)
        MergeRoutes(writes: writes).register(api)
        do {
            try WebPages.register(router, services: services, config: config, gate: gate, authenticator: authenticator, plugins: plugins)
        } catch {
            preconditionFailure("the web pages' templates or static files are missing from the build: \(error)")
        }
        return (router, api.routes)
    }

    /// The application serving `config.host:config.port`, with the job worker, the outbox
    /// dispatcher and the recurring-job scheduler running beside it (`[jobs]` settings).
    ///
    /// The worker sends the queued e-mail (`MailQueue`, through `[mail]`'s transport), delivers
    /// the webhooks, and runs `handlers`, the background modules' handlers (paused while their
    /// module is disabled) and every subscriber's; each of `subscribers`, the webhooks' and the
    /// modules' gets the events it wants as jobs. A job of a kind nobody here handles stays
    /// queued until an instance that handles it runs. The webhooks' HTTP client is shut down
    /// when the application stops, so the application must be run.
    ///
    /// `plugins` (one is made from `[plugins]` when nil) is installed into `services`, so its
    /// before-hooks see every change; its loop, after-hooks and scheduled jobs run beside.
    /// A server passes a host it has started (``PluginHost/start()``), so the enabled plugins
    /// are loaded before the first request and the first event dispatched.
    public static func build(services: Services, config: CarnetConfig, logger: Logger,
                             handlers: [JobHandler] = [], subscribers: [OutboxSubscriber] = [],
                             plugins: PluginHost? = nil) -> some ApplicationProtocol {
        let plugins = plugins ?? pluginHost(services: services, config: config, logger: logger)
        plugins.install()
        let (router, _) = router(services: services, config: config, plugins: plugins)
        let modules = services.modules.catalog.background(services)
        let enabledModules: @Sendable (any SQLConnection) throws -> Set<String> = { [services] conn in try services.modules.enabled(conn) }
        let mail = MailQueue(jobs: services.jobs, settings: config.mail).handler(transport: config.mail.makeTransport(logger: logger))
        let client = WebhookDeliverer.makeClient(config.webhooks)
        let deliverer = WebhookDeliverer(client: client, database: services.database, webhooks: services.webhooks)
        let coreSubscribers = subscribers + [WebhookDeliverer.subscriber(webhooks: services.webhooks, queue: services.jobs), plugins.subscriber]
        let worker = JobWorker(database: services.database, queue: services.jobs,
                               handlers: [mail, deliverer.jobHandler, JobPruning.handler(queue: services.jobs, settings: config.jobs),
                                          plugins.hookJobHandler, plugins.scheduledJobHandler, services.duplicates.scanHandler]
                                   + handlers + coreSubscribers.map(\.jobHandler) + modules.handlers,
                               settings: config.jobs, logger: logger, enabledModules: enabledModules)
        let dispatcher = OutboxDispatcher(queue: services.jobs, subscribers: coreSubscribers + modules.subscribers)
        let scheduler = JobScheduler(queue: services.jobs, recurring: [JobPruning.recurring] + modules.recurring, enabledModules: enabledModules)
        return Application(
            router: router,
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "Carnet"),
            services: [
                HTTPClientService(client: client),
                BackgroundService { await worker.run() },
                BackgroundService { await dispatcher.run(database: services.database, settings: config.jobs, logger: logger, dispatched: worker.wake) },
                BackgroundService { await scheduler.run(database: services.database, logger: logger, scheduled: worker.wake) },
                BackgroundService { await plugins.run() },
            ],
            logger: logger
        )
    }
}
