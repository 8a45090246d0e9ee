import CarnetCore

/// A module that works in the background: job handlers, outbox subscribers and recurring
/// jobs, built over the host's services when the server starts.
///
/// The server runs them for every module compiled in, and pauses those of a disabled module:
/// its jobs and its subscribers' jobs wait in the queue, and no slot of its recurring jobs is
/// queued (`JobWorker`, `JobScheduler`). Its `jobKinds` and `subscribedEvents` should name
/// the same kinds and events, for the impact preview.
public protocol BackgroundModule: CarnetModule {
    func background(_ services: Services) -> ModuleBackground
}

/// What a `BackgroundModule` runs.
public struct ModuleBackground: Sendable {
    public var handlers: [JobHandler]
    public var subscribers: [OutboxSubscriber]
    public var recurring: [RecurringJob]

    public init(handlers: [JobHandler] = [], subscribers: [OutboxSubscriber] = [], recurring: [RecurringJob] = []) {
        self.handlers = handlers
        self.subscribers = subscribers
        self.recurring = recurring
    }
}

extension ModuleCatalog {
    /// The job handlers (of the subscribers too) and recurring jobs of every background
    /// module here, each marked with its module, and the subscribers.
    ///
    /// A module's subscribers listen only once the module has been enabled (its migrations
    /// applied): a module never switched on gets no event jobs, which would wait forever and
    /// whose handlers would find no tables. Once enabled, then disabled, its jobs wait as its
    /// others do, and run when it comes back.
    public func background(_ services: Services) -> (handlers: [JobHandler], subscribers: [OutboxSubscriber], recurring: [RecurringJob]) {
        var handlers: [JobHandler] = [], subscribers: [OutboxSubscriber] = [], recurring: [RecurringJob] = []
        let installed = InstalledModules()
        for case let module as any BackgroundModule in modules {
            let work = module.background(services)
            for var handler in work.handlers + work.subscribers.map(\.jobHandler) {
                handler.module = module.id
                handlers.append(handler)
            }
            let id = module.id
            subscribers += work.subscribers.map { subscriber in
                let listening = subscriber.listening
                return OutboxSubscriber(id: subscriber.id, eventTypes: subscriber.eventTypes, listening: { conn in
                    guard try installed.contains(id, conn) else { return false }
                    return try listening?(conn) ?? true
                }, handle: subscriber.handle)
            }
            recurring += work.recurring.map { job in
                var job = job
                job.module = module.id
                return job
            }
        }
        return (handlers, subscribers, recurring)
    }
}
