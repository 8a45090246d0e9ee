import CarnetCore
import CarnetStore

/// What one run of a plugin's code works with — the transaction, the actor its writes are
/// made as — and what the run asked for: fields set, a veto, log lines, writes made.
///
/// Handed to ``LuaSandbox/run(_:function:arguments:budget:context:)`` as the run's context
/// and read back by the host afterwards; it lives on the run's thread only.
public final class PluginRunContext {
    /// Where the code runs, which decides what `crm.reject` and `crm.set` may do.
    public enum Phase: String, Sendable {
        case before, after, job, action, test
    }

    /// One `crm.log.*` line.
    public struct LogLine: Sendable, Equatable, Codable {
        public var level: String
        public var message: String
    }

    /// At most this many log lines are kept per run, each cut to ``maximumLogLength`` characters.
    static let maximumLogLines = 50
    static let maximumLogLength = 1_000

    public let conn: any SQLConnection
    /// The host, whose services the `crm` functions call: held by reference, because
    /// ``Services`` is a large value and a before-hook's run must stay cheap.
    let host: PluginHost
    /// Who the run's writes are made as: the plugin (hooks, jobs) or the user it acts for
    /// (actions); made on first use, since most hooks write nothing.
    public private(set) lazy var actor: Actor = actorSource.actor
    private let actorSource: ActorSource
    public let phase: Phase
    /// Whether a before-hook may set fields (not on activities).
    let allowsFieldChanges: Bool
    /// The fields set with `crm.set`, as a JSON merge patch in the API's field names.
    public internal(set) var fieldsSet: [String: JSONValue] = [:]
    /// The message of the first `crm.reject`.
    public internal(set) var rejection: String?
    public internal(set) var logs: [LogLine] = []
    /// What the run wrote through `crm`, in order, e.g. `crm.deals.update dl_… {"amount":5000}`:
    /// what `carnet plugins replay` prints.
    public internal(set) var writes: [String] = []
    /// What the caller of the run attaches for host functions of its own: the test runner's
    /// session.
    public var attachment: AnyObject?
    /// The before-hook's event, whose record fields are pushed when the script reads them.
    var event: BeforeHookEvent?

    /// Who a run's writes are made as, before it is worked out.
    enum ActorSource {
        /// The plugin `id` acting on its own, in the chain of `base` (``Actor/plugin(_:)``).
        case plugin(id: String, after: Actor)
        /// The plugin `id` acting for `user` (``Actor/onBehalf(ofPlugin:)``).
        case onBehalf(user: Actor, plugin: String)
        /// This very actor (the test runner's tester).
        case exactly(Actor)

        var actor: Actor {
            switch self {
            case .plugin(let id, let base): base.plugin(id)
            case .onBehalf(let user, let plugin): user.onBehalf(ofPlugin: plugin)
            case .exactly(let actor): actor
            }
        }
    }

    init(conn: any SQLConnection, host: PluginHost, phase: Phase, allowsFieldChanges: Bool = true, actor: ActorSource) {
        self.conn = conn
        self.host = host
        self.actorSource = actor
        self.phase = phase
        self.allowsFieldChanges = allowsFieldChanges
    }

    /// The services the `crm` functions work with, read in place.
    public var services: Services {
        _read { yield host.services }
    }

    func log(_ level: String, _ message: String) {
        guard logs.count < Self.maximumLogLines else { return }
        logs.append(LogLine(level: level, message: String(message.prefix(Self.maximumLogLength))))
    }
}

extension HostCall {
    /// The run's context; an error when the script calls `crm` outside a hook, job or action
    /// (while `main.lua` itself runs to define its functions).
    func runContext() throws -> PluginRunContext {
        guard let context = context as? PluginRunContext else {
            throw CarnetError.invalidState("\(path) can only be called from a hook, a job or an action, not while main.lua loads")
        }
        return context
    }
}

extension PluginRunContext: LazyEventFields {
    public func pushEventField(_ key: String, onto L: OpaquePointer) -> Bool {
        event?.pushField(key, onto: L) ?? false
    }
}
