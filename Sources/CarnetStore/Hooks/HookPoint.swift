import CarnetCore
import Foundation
import Synchronization

/// Where the server plugs its before-hooks, and the plugin functions modules call, into the
/// services. Empty until a plugin host installs itself; every copy of a ``ServiceContext``
/// shares the one point.
public final class HookPoint: Sendable {
    private let hooks = Mutex<(any BeforeChangeHooks)?>(nil)
    private let functions = Mutex<(any PluginFunctionCalls)?>(nil)

    public init() {}

    /// Makes `hooks` see every change from now on (nil removes them).
    public func install(_ hooks: (any BeforeChangeHooks)?) {
        self.hooks.withLock { $0 = hooks }
    }

    /// Runs the before-hooks listening to `events` over a row about to be stored.
    ///
    /// Returns the fields the hooks set, as the body of a PATCH would carry them, or nil when
    /// no hook listens or none set a field. The rows are encoded only when a hook listens
    /// (a `JSONValue` row, already encoded, is taken as it is).
    func run<Row: Encodable>(_ events: [String], entity: String, id: String, record: @autoclosure () -> Row, previous: Row?,
                             actor: Actor, allowsFieldChanges: Bool = true, _ conn: any SQLConnection) throws -> Data? {
        guard let hooks = hooks.withLock({ $0 }), hooks.listens(to: events, actor: actor) else { return nil }
        let change = PendingChange(events: events, entity: entity, entityID: id, record: JSONValue.of(record()),
                                   previous: previous.map(JSONValue.of), actor: actor, allowsFieldChanges: allowsFieldChanges)
        let fields = try hooks.run(change, conn)
        guard !fields.isEmpty else { return nil }
        return try CarnetJSON.encoder.encode(JSONValue.object(fields))
    }

    /// Lets modules call the functions of `functions`' plugins from now on (nil removes them).
    public func install(functions: (any PluginFunctionCalls)?) {
        self.functions.withLock { $0 = functions }
    }

    /// Runs a running plugin's function (``PluginFunctionCalls``); a 409 when no plugin host
    /// runs in this process.
    public func call(plugin: String, function: String, argument: JSONValue, actor: Actor, _ conn: any SQLConnection) throws -> JSONValue {
        guard let functions = functions.withLock({ $0 }) else {
            throw CarnetError.invalidState("No plugin runs in this process, so the plugin \(plugin) cannot be asked.")
        }
        return try functions.call(plugin: plugin, function: function, argument: argument, actor: actor, conn)
    }
}

extension HookPoint {
    /// Decodes the fields hooks set into the entity's patch type, naming a bad field as the
    /// API would.
    static func decode<Patch: Decodable>(_ type: Patch.Type, from data: Data) throws -> Patch {
        do {
            return try CarnetJSON.decoder.decode(Patch.self, from: data)
        } catch let error as DecodingError {
            throw CarnetError(decoding: error, body: data)
        }
    }
}
