import CarnetCore
import CarnetStore
import Foundation
import Synchronization

/// The runs log (`plugin_runs`): runs are buffered in memory and written in batches by the
/// plugin host's loop, never inside the run's own transaction — a vetoed change rolls back,
/// and its veto must still be on record. A crash loses at most the last second's records.
public final class PluginRunLog: Sendable {
    static let insert = InsertTarget("plugin_runs", ["id", "plugin_id", "version", "kind", "target", "event_id", "started_at", "duration_us",
                                                     "cpu_us", "memory_peak", "host_calls", "outcome", "error", "logs"])
    /// Runs kept in memory at most, should the database be unreachable for long: the oldest go first.
    static let maximumBuffered = 10_000

    private let pending = Mutex<[PluginRun]>([])

    public init() {}

    /// Queues a run for the next ``flush(_:)``.
    func record(_ run: PluginRun) {
        pending.withLock { runs in
            if runs.count >= Self.maximumBuffered { runs.removeFirst(runs.count - Self.maximumBuffered + 1) }
            runs.append(run)
        }
    }

    /// Writes the queued runs; returns how many.
    @discardableResult
    public func flush(_ database: any Database) async throws -> Int {
        let runs = pending.withLock { runs in defer { runs.removeAll() }; return runs }
        guard !runs.isEmpty else { return 0 }
        do {
            try await database.write { conn in try Self.write(runs, conn) }
        } catch {
            pending.withLock { $0.insert(contentsOf: runs, at: 0) }
            throw error
        }
        return runs.count
    }

    /// Writes runs in the caller's transaction (the CLI's test runner).
    public func flush(_ conn: any SQLConnection) throws {
        let runs = pending.withLock { runs in defer { runs.removeAll() }; return runs }
        try Self.write(runs, conn)
    }

    private static func write(_ runs: [PluginRun], _ conn: any SQLConnection) throws {
        let logsEncoder = CarnetJSON.encoder
        for batch in stride(from: 0, to: runs.count, by: 200).map({ runs[$0..<min($0 + 200, runs.count)] }) {
            let values: [SQLValue] = try batch.flatMap { run -> [SQLValue] in
                [.text(run.id), .text(run.pluginID), .text(run.version), .text(run.kind.rawValue), .text(run.target), .string(run.eventID),
                 .date(run.startedAt), .integer(run.durationMicros), .integer(run.cpuMicros), .integer(run.memoryPeak), .integer(run.hostCalls),
                 .text(run.outcome.rawValue), .string(run.error), .text(String(decoding: try logsEncoder.encode(run.logs), as: UTF8.self))]
            }
            try conn.insert(into: insert, values: values)
        }
    }

    /// A plugin's runs, newest first.
    public static func list(pluginID: String, limit: Int, cursor: String?, _ conn: any SQLConnection) throws -> Page<PluginRun> {
        var sql = "SELECT * FROM plugin_runs WHERE plugin_id = ?"
        var binds: [SQLValue] = [.text(pluginID)]
        if let cursor {
            sql += " AND id < ?"
            binds.append(.text(try Cursor.decode(cursor, count: 1)[0]))
        }
        let limit = Limits.clampPage(limit)
        sql += " ORDER BY id DESC LIMIT ?"
        binds.append(.int(limit + 1))
        let rows = try conn.query(sql, binds)
        let items = rows.prefix(limit).map(run)
        return Page(items: Array(items), nextCursor: rows.count > limit ? items.last.map { Cursor.encode([$0.id]) } : nil)
    }

    /// Deletes the runs started before `date`; returns how many.
    @discardableResult
    public static func prune(before date: Date, _ conn: any SQLConnection) throws -> Int {
        try conn.execute("DELETE FROM plugin_runs WHERE started_at < ?", [.date(date)])
    }

    static func run(_ row: SQLRow) -> PluginRun {
        PluginRun(id: row.string("id") ?? "", pluginID: row.string("plugin_id") ?? "", version: row.string("version") ?? "",
                  kind: row.string("kind").flatMap(PluginRun.Kind.init(rawValue:)) ?? .hook, target: row.string("target") ?? "",
                  eventID: row.string("event_id"), startedAt: row.date("started_at") ?? Date(timeIntervalSince1970: 0),
                  durationMicros: row.int64("duration_us") ?? 0, cpuMicros: row.int64("cpu_us") ?? 0,
                  memoryPeak: row.int64("memory_peak") ?? 0, hostCalls: row.int64("host_calls") ?? 0,
                  outcome: row.string("outcome").flatMap(PluginRun.Outcome.init(rawValue:)) ?? .error, error: row.string("error"),
                  logs: row.json("logs", as: [PluginRunContext.LogLine].self, fallback: []))
    }
}
