import CarnetCore
import CarnetStore
import Foundation

/// `carnet plugins replay ID --days N`: runs a plugin's hooks over the events stored in the
/// last N days, in order, inside one transaction that is rolled back, and reports per event
/// what the plugin would have changed or refused.
///
/// After-hooks get the stored event as they would have. A before-hook gets the change
/// rebuilt from the event and the record as it is now: a created record as the event
/// stored it; an update as the current record with the event's new values (`previous` with
/// the old ones); a stage move as the current record in the new stage (`previous` in the
/// old one). A record erased since is skipped.
public struct PluginReplay: Sendable {
    /// What the plugin did with one event.
    public struct Line: Sendable, Equatable {
        public enum Outcome: Sendable, Equatable {
            /// It ran and changed nothing.
            case unchanged
            /// It set fields (`crm.set`) or wrote records (each write as `crm.deals.update dl_… {…}`).
            case changed([String])
            /// A before-hook vetoed the change.
            case rejected(String)
            /// The hook failed (an error, a spent budget).
            case failed(String)
            /// It could not be replayed (the record is gone).
            case skipped(String)
        }

        public var event: DomainEvent
        /// The hook's manifest key.
        public var hook: String
        public var outcome: Outcome

        /// One line: when, which event on which record, which hook, and the outcome.
        public var text: String {
            let head = "\(Timestamp.format(event.occurredAt)) \(event.type) \(event.entityID) [\(hook)]"
            switch outcome {
            case .unchanged: return "\(head): no change"
            case .changed(let what): return "\(head): would change: " + what.joined(separator: "; ")
            case .rejected(let message): return "\(head): would REJECT: \(message)"
            case .failed(let message): return "\(head): would FAIL: \(message)"
            case .skipped(let reason): return "\(head): skipped: \(reason)"
            }
        }
    }

    /// At most this many events are replayed, oldest first.
    public static let maximumEvents = 100_000

    public let host: PluginHost
    public let pluginID: String

    public init(host: PluginHost, pluginID: String) {
        self.host = host
        self.pluginID = pluginID
    }

    /// Replays the events since `since` (the plugin must be active on `host`: ``PluginHost/activate(_:)``).
    public func run(since: Date) async throws -> [Line] {
        guard let plugin = host.active(pluginID) else { throw CarnetError.notFound(entity: "running plugin", id: pluginID) }
        struct Rollback: Error { let lines: [Line] }
        do {
            try await host.services.database.write { conn in
                throw Rollback(lines: try replay(plugin, since: since, conn))
            }
        } catch let rollback as Rollback {
            return rollback.lines
        }
        return []
    }

    private func replay(_ plugin: ActivePlugin, since: Date, _ conn: any SQLConnection) throws -> [Line] {
        let hooks = plugin.manifest.hooks
        let types = Set(hooks.map(\.event.event))
        let rows = try conn.query("SELECT * FROM events WHERE occurred_at >= ? ORDER BY seq LIMIT ?", [.date(since), .int(Self.maximumEvents)])
        var lines: [Line] = []
        for event in rows.map(ChangeLog.event) where types.contains(event.type) && !event.origin.contains(pluginID) {
            for hook in hooks where hook.event.event == event.type {
                let outcome = hook.event.phase == .after ? after(plugin, event, conn) : before(event, conn)
                lines.append(Line(event: event, hook: hook.event.description, outcome: outcome))
            }
        }
        return lines
    }

    private func after(_ plugin: ActivePlugin, _ event: DomainEvent, _ conn: any SQLConnection) -> Line.Outcome {
        do {
            let context = try conn.savepoint { try host.runAfterHook(plugin, event: event, conn) }
            return context.map { $0.writes.isEmpty ? .unchanged : .changed($0.writes) } ?? .unchanged
        } catch {
            return .failed("\(error)")
        }
    }

    private func before(_ event: DomainEvent, _ conn: any SQLConnection) -> Line.Outcome {
        do {
            guard let (record, previous) = try rebuild(event, conn) else { return .skipped("the \(event.entityType) no longer exists") }
            let actor = Actor(userID: event.actorID, role: .admin, name: "replay", plugins: event.origin)
            let change = PendingChange(events: [event.type], entity: event.entityType, entityID: event.entityID, record: record, previous: previous,
                                       actor: actor, allowsFieldChanges: event.entityType != "activity")
            var writes: [String] = []
            let fields = try conn.savepoint {
                try host.run(change, only: pluginID, observe: { writes += $0.writes }, conn)
            }
            let sets = fields.keys.sorted().map { "set \($0) = \(Self.text(fields[$0] ?? .null))" }
            return sets.isEmpty && writes.isEmpty ? .unchanged : .changed(sets + writes)
        } catch CarnetError.pluginRejected(_, let message) {
            return .rejected(message)
        } catch CarnetError.pluginFailed(_, let detail) {
            return .failed(detail)
        } catch {
            return .failed("\(error)")
        }
    }

    /// The record as the change would have stored it, and before; nil when it is gone.
    private func rebuild(_ event: DomainEvent, _ conn: any SQLConnection) throws -> (JSONValue, JSONValue?)? {
        if event.type.hasSuffix(".created") || event.type == EventType.activityLogged {
            return (event.payload, nil)
        }
        guard let current = try current(event, conn), case .object(let now) = current else { return nil }
        var record = now
        var previous = now
        if event.type == EventType.dealStageChanged, case .object(let move) = event.payload {
            record["stage"] = move["to"]
            previous["stage"] = move["from"]
        } else if event.type.hasSuffix(".updated"), case .object(let changes) = event.payload {
            for (field, change) in changes {
                guard case .object(let values) = change else { continue }
                record[field] = values["new"] ?? .null
                previous[field] = values["old"] ?? .null
            }
        }
        return (.object(record), .object(previous))
    }

    private func current(_ event: DomainEvent, _ conn: any SQLConnection) throws -> JSONValue? {
        let services = host.services
        do {
            switch event.entityType {
            case "contact": return try CRMValues.record(services.contacts.get(event.entityID, conn)).json
            case "company": return try CRMValues.record(services.companies.get(event.entityID, conn)).json
            case "deal": return try CRMValues.record(services.deals.get(event.entityID, conn)).json
            default: return nil
            }
        } catch CarnetError.notFound {
            return nil
        }
    }

    private static func text(_ value: JSONValue) -> String {
        (try? CarnetJSON.encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
