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
    public let services: Services
    /// Who the run's writes are made as: the plugin (hooks, jobs) or the user it acts for (actions).
    public let actor: Actor
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

    public init(conn: any SQLConnection, services: Services, actor: Actor, phase: Phase, allowsFieldChanges: Bool = true) {
        self.conn = conn
        self.services = services
        self.actor = actor
        self.phase = phase
        self.allowsFieldChanges = allowsFieldChanges
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
