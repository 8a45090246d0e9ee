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
    /// Runs kept in memory at most, should the database be unreachable for long (or runs come
    /// faster than a flush writes them): then the older half is dropped at once, and counted.
    static let maximumBuffered = 10_000

    private let pending = Mutex<(runs: [PluginRun], dropped: Int)>(([], 0))
    /// One flush at a time: a reader that flushes before listing (the API, the admin page)
    /// must not find the buffer emptied by the loop's flush and read before that one commits.
    private let flushing = AsyncLock()

    public init() {}

    /// Queues a run for the next ``flush(_:)``.
    func record(_ run: PluginRun) {
        pending.withLock { pending in
            if pending.runs.count >= Self.maximumBuffered {
                pending.runs.removeFirst(Self.maximumBuffered / 2)
                pending.dropped += Self.maximumBuffered / 2
            }
            pending.runs.append(run)
        }
    }

    /// How many runs were dropped unrecorded since the last call (the buffer was full).
    public func takeDropped() -> Int {
        pending.withLock { pending in defer { pending.dropped = 0 }; return pending.dropped }
    }

    private func take() -> [PluginRun] {
        pending.withLock { pending in defer { pending.runs.removeAll() }; return pending.runs }
    }

    /// Writes the queued runs; returns how many. Returns once every run recorded before the
    /// call is written, by this flush or by one already under way.
    @discardableResult
    public func flush(_ database: any Database) async throws -> Int {
        try await flushing.withLock {
            let runs = take()
            guard !runs.isEmpty else { return 0 }
            do {
                try await database.write { conn in try Self.write(runs, conn) }
            } catch {
                pending.withLock { $0.runs.insert(contentsOf: runs, at: 0) }
                throw error
            }
            return runs.count
        }
    }

    /// Writes runs in the caller's transaction (the CLI's test runner).
    public func flush(_ conn: any SQLConnection) throws {
        try Self.write(take(), conn)
    }

    /// Writes the runs, giving each its id: time-ordered, then in the order they ran within
    /// one millisecond (one random value per batch, then a counter), so the log lists them in
    /// order without drawing random bytes on every run.
    private static func write(_ runs: [PluginRun], _ conn: any SQLConnection) throws {
        let logsEncoder = CarnetJSON.encoder
        var generator = SystemRandomNumberGenerator()
        let high: UInt64 = generator.next() & ~0xFFFF
        var runs = runs
        for index in runs.indices {
            runs[index].id = EntityID.make("run", at: runs[index].startedAt, random: high | UInt64(index >> 16), UInt16(truncatingIfNeeded: index))
        }
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
        return Page(rows: rows, limit: limit, item: run, cursor: { [$0.id] })
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
