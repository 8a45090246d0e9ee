import CarnetCore
import Foundation

/// A large, reproducible sample for benchmarks and for trying Carnet at the size of a
/// growing company: users, companies, contacts, deals with their stage history, and
/// activities over the two years before `now`, in the proportions of `DemoCounts`.
///
/// Unlike `DemoData`, it writes rows directly through the store's bulk insert, in one
/// transaction, with the tables' secondary indexes dropped during the load and made again
/// at the end (`SecondaryIndexes`): a million contacts would take an hour through the
/// services. The rows are the ones the services write (the same row code, ids, search
/// keys and tag rows), but no events, audit rows or webhooks are written for them: the
/// sample is history loaded as an import of the past, not changes happening now. One
/// contact in 200 is entered twice (same person, e-mail in other capitals, phone in national
/// form), as happens in every CRM, so the duplicate finder has something to find.
/// It refuses a database that already has contacts.
public struct BulkDemo: Sendable {
    public let counts: DemoCounts
    public let seed: UInt64
    public let pipeline: Pipeline
    public let now: Date

    public init(counts: DemoCounts, seed: UInt64, pipeline: Pipeline = .standard, now: Date) {
        self.counts = counts
        self.seed = seed
        self.pipeline = pipeline
        self.now = now
    }

    /// The tables loaded in bulk, whose secondary indexes are rebuilt after the load.
    static let tables = ["companies", "contacts", "contact_tags", "deals", "deal_stage_history", "activities"]

    /// The SQLite page cache during the load, in KiB.
    static let loadCacheKiB = 1_048_576

    /// Writes the sample in one transaction; a failure leaves the database as it was.
    public func install(in services: Services) async throws -> DemoSummary {
        try await services.database.write { conn in
            let existing = try conn.queryOne("SELECT COUNT(*) AS n FROM contacts", [])?.int("n") ?? 0
            guard existing == 0 else {
                throw CarnetError.invalidState("The database already has \(existing) contacts; a bulk demo sample needs an empty one (use a new database file).")
            }
            let sqlite = conn.dialect.dialect == .sqlite
            // A page cache large enough for the primary-key indexes, so the load does not
            // spill them to the log again and again; the connection's own size comes back after.
            let cacheSize = sqlite ? try conn.queryOne("PRAGMA cache_size", [])?.int("cache_size") : nil
            if sqlite { try conn.execute("PRAGMA cache_size = -\(Self.loadCacheKiB)") }
            defer { if let cacheSize { _ = try? conn.execute("PRAGMA cache_size = \(cacheSize)") } }
            var load = BulkDemoLoad(demo: self, conn: conn)
            try load.users(services)
            let indexes = try SecondaryIndexes.drop(on: Self.tables, conn)
            try load.companies()
            try load.contacts()
            try load.deals()
            try load.activities()
            try indexes.restore(conn)
            if !sqlite {
                // The planner's statistics; SQLite's planner is left as it is without ANALYZE.
                try conn.execute("ANALYZE " + Self.tables.joined(separator: ", "))
            }
            return load.summary
        }
    }
}
