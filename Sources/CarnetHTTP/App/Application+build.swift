import CarnetCore
import CarnetFollowUps
import CarnetStore
import Hummingbird
import Logging

/// The composition root: builds the HTTP application from configuration and services.
public enum CarnetApplication {
    /// The modules compiled into this build, with their settings from the configuration.
    public static func catalog(_ config: CarnetConfig) -> ModuleCatalog {
        ModuleCatalog([FollowUpsModule(settings: config.followUps)])
    }

    /// The router with every route and middleware, and the list of API routes it serves.
    public static func router(services: Services, config: CarnetConfig) -> (Router<CarnetRequestContext>, [APIRoute]) {
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
        JobRoutes(writes: writes).register(api)
        WebhookRoutes(writes: writes).register(api)
        return (router, api.routes)
    }

    /// The application serving `config.host:config.port`, with the job worker and the outbox
    /// dispatcher running beside it (`[jobs]` settings), and the webhooks' delivery.
    ///
    /// `handlers` run jobs by kind; each of `subscribers` gets the events it wants as jobs the
    /// worker runs. A job of a kind nobody here handles stays queued until an instance that
    /// handles it runs. The webhooks' subscriber and delivery handler are always added; their
    /// HTTP client is shut down when the application stops, so the application must be run.
    public static func build(services: Services, config: CarnetConfig, logger: Logger,
                             handlers: [JobHandler] = [], subscribers: [OutboxSubscriber] = []) -> some ApplicationProtocol {
        let (router, _) = router(services: services, config: config)
        let client = WebhookDeliverer.makeClient(config.webhooks)
        let deliverer = WebhookDeliverer(client: client, database: services.database, webhooks: services.webhooks)
        let allSubscribers = subscribers + [WebhookDeliverer.subscriber(webhooks: services.webhooks, queue: services.jobs)]
        let worker = JobWorker(database: services.database, queue: services.jobs,
                               handlers: handlers + [deliverer.jobHandler] + allSubscribers.map(\.jobHandler), settings: config.jobs, logger: logger)
        let dispatcher = OutboxDispatcher(queue: services.jobs, subscribers: allSubscribers)
        return Application(
            router: router,
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "Carnet"),
            services: [
                HTTPClientService(client: client),
                BackgroundService { await worker.run() },
                BackgroundService { await dispatcher.run(database: services.database, settings: config.jobs, logger: logger, dispatched: worker.wake) },
            ],
            logger: logger
        )
    }
}
