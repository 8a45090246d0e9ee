import Foundation
import GRDB
import Logging

/// Copies the write-ahead log back into the database file from a connection of its own,
/// so that no request pays for it.
///
/// SQLite's default checkpoints on the writer when it commits a transaction that takes
/// the log past 1,000 pages: that commit then copies the pages and syncs the file, which
/// showed as a 28 ms p99 on creates under load. While the server runs, the writer's
/// automatic checkpoint is off and this loop runs a passive checkpoint (which never
/// blocks the writer or readers) a few times a second; once the log is fully copied, the
/// writer starts it over from the beginning. Commands that do not run the server keep
/// SQLite's default.
struct WALCheckpointer {
    let path: String
    let writer: DatabasePool
    let interval: Duration
    let logger = Logger(label: "carnet.sqlite")

    /// Runs until cancelled; gives the writer its automatic checkpoint back on the way out.
    func run() async {
        let checkpointer: DatabaseQueue
        do {
            checkpointer = try DatabaseQueue(path: path)
            try await writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        } catch {
            logger.warning("background checkpoints are off, SQLite checkpoints on commit: \(error)")
            return
        }
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                break
            }
            do {
                _ = try await checkpointer.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            } catch is CancellationError {
                break
            } catch {
                logger.warning("WAL checkpoint failed: \(error)")
            }
        }
        _ = try? await writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 1000") }
        try? checkpointer.close()
    }
}
