import Foundation
import GRDB
import Synchronization

/// Runs the writes of concurrent requests on SQLite's single writer, several to one
/// transaction, each in a savepoint of its own ("group commit").
///
/// SQLite commits one transaction at a time, and a commit writes every page the
/// transaction changed to the log: a contact create changes about 17 pages (the row,
/// seven search indexes, tags, the outbox event and its indexes), most of them the same
/// pages as the create before it. Writes that queue up while the writer is busy run
/// together: each in a savepoint, so a write that throws is rolled back alone and its
/// caller gets its error, and all of them in one transaction whose commit writes the
/// shared pages once. No caller hears back before the commit that makes its write
/// durable. A write that finds the writer idle runs alone, in a plain transaction.
///
/// If the commit itself fails (disk full, I/O error), every write of the group fails
/// with that error and none is stored.
final class GroupCommitter: Sendable {
    /// One queued write: runs the caller's closure and hands its result back.
    private struct Pending: Sendable {
        let run: @Sendable (any SQLConnection) -> Result<any Sendable, any Error>
        let finish: @Sendable (Result<any Sendable, any Error>) -> Void
    }

    private let pool: DatabasePool
    private let queue = Mutex<(pending: [Pending], draining: Bool)>(([], false))
    /// The most writes one transaction takes: bounds the wait of the last one.
    static let groupLimit = 64

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Runs `body` in a transaction (its own, or a savepoint of a shared one) and returns
    /// its result once that transaction has committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let pending = Pending(run: { conn in Result { try body(conn) } }, finish: { result in
                continuation.resume(with: result.map { $0 as! T })
            })
            let startDrain = queue.withLock { state -> Bool in
                state.pending.append(pending)
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if startDrain { pool.asyncWriteWithoutTransaction { [self] db in drain(db) } }
        }
    }

    /// Runs groups on the writer's queue until none is waiting.
    private func drain(_ db: GRDB.Database) {
        while true {
            let group = queue.withLock { state -> [Pending] in
                let taken = Array(state.pending.prefix(Self.groupLimit))
                state.pending.removeFirst(taken.count)
                if taken.isEmpty { state.draining = false }
                return taken
            }
            if group.isEmpty { return }
            let results = run(group, db)
            for (pending, result) in zip(group, results) { pending.finish(result) }
        }
    }

    /// One transaction for the group; the results to hand back, in order.
    private func run(_ group: [Pending], _ db: GRDB.Database) -> [Result<any Sendable, any Error>] {
        let conn = GRDBConnection(db: db)
        var results: [Result<any Sendable, any Error>] = []
        do {
            try db.inTransaction(.immediate) {
                if group.count == 1 {
                    let result = group[0].run(conn)
                    results = [result]
                    if case .failure(let error) = result { throw error }
                    return .commit
                }
                for pending in group {
                    try db.execute(sql: "SAVEPOINT carnet_write")
                    let result = pending.run(conn)
                    if case .failure = result {
                        try db.execute(sql: "ROLLBACK TO SAVEPOINT carnet_write")
                    }
                    try db.execute(sql: "RELEASE SAVEPOINT carnet_write")
                    results.append(result)
                }
                return .commit
            }
            return results
        } catch {
            // The lone write's own error, or a failure of the transaction: no write of the group is stored.
            let failure = (error as? DatabaseError).map(GRDBConnection.translate) ?? error
            return group.indices.map { index in
                if group.count == 1, index < results.count, case .failure(let own) = results[index] { return .failure(own) }
                return .failure(failure)
            }
        }
    }
}
