import Foundation
import GRDB
import Logging

/// Copies the write-ahead log back into the database file from a connection of its own,
/// so that requests seldom pay for it.
///
/// SQLite's default checkpoints on the writer when a commit takes the log past 1,000
/// pages (4 MB, about 70 contact creates): that commit then copies the pages and syncs
/// the file, which showed as a 28 ms p99 on creates under load. While the server runs,
/// this loop runs a passive checkpoint (which never blocks the writer or readers) every
/// 50 ms and the writer's own threshold is raised to 4,096 pages (16 MB).
///
/// A passive checkpoint alone cannot bound the log under sustained writes: SQLite starts
/// the log over only when a write begins with every page already copied, and writes
/// keep appending while the checkpoint runs (the log reached 1.4 GB in a 12 s benchmark).
/// The raised threshold is that bound: past it, the writer checkpoints once, with less
/// left to copy, and the log starts over. Measured with 8 clients creating contacts
/// (BENCHMARKS.md): 64 MB gave 45 % more creates per second than SQLite's default but a
/// p95 of 90–117 ms; 16 MB with the 50 ms loop gave 10–20 % more at the default's p95
/// (about 20 ms) and a longer p99 tail. Commands that do not run the server keep SQLite's
/// default.
struct WALCheckpointer {
    let path: String
    let writer: DatabasePool
    let interval: Duration
    let logger = Logger(label: "carnet.sqlite")

    /// Log pages past which the writer checkpoints by itself while this loop runs.
    static let writerThreshold = 4_096

    /// Runs until cancelled; gives the writer SQLite's default threshold back on the way out.
    func run() async {
        let checkpointer: DatabaseQueue
        do {
            checkpointer = try DatabaseQueue(path: path)
            try await writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.writerThreshold)") }
        } catch is CancellationError {
            return
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
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                // Another checkpoint is running (the writer's own, past its threshold): try again next time.
                continue
            } catch {
                logger.warning("WAL checkpoint failed: \(error)")
            }
        }
        _ = try? await writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 1000") }
        try? checkpointer.close()
    }
}
