import CarnetCore
import CarnetStore
import Foundation

/// Rescores many contacts, one batch per transaction so that the SQLite writer is never held
/// for long: every contact (after a model change, or `carnet scoring recompute`), or every
/// contact with signals (the daily decay: the score of a contact without any does not move
/// with time).
public struct RecomputeService: Sendable {
    public let database: any Database
    public let context: ServiceContext
    public let settings: LeadScoringSettings
    let models: ModelService

    /// What a run did.
    public struct Summary: Sendable, Equatable, Encodable {
        public var scored = 0
        public var written = 0
        public var bandChanges = 0
        public var batches = 0

        enum CodingKeys: String, CodingKey { case scored, written, bandChanges = "band_changes", batches }

        public init(scored: Int = 0, written: Int = 0, bandChanges: Int = 0, batches: Int = 0) {
            self.scored = scored
            self.written = written
            self.bandChanges = bandChanges
            self.batches = batches
        }
    }

    public init(database: any Database, context: ServiceContext, settings: LeadScoringSettings, jobs: JobQueue) {
        self.database = database
        self.context = context
        self.settings = settings
        models = ModelService(context: context, jobs: jobs)
    }

    /// Rescores every live contact with the saved model, and drops the scores of archived ones.
    public func recomputeAll() async throws -> Summary {
        let (rescorer, scorer) = try await prepare()
        let size = settings.batchSize
        var summary = Summary(), after: String?
        _ = try await database.write { conn in try rescorer.dropArchived(conn) }
        while true {
            let start = after
            let batch = try await database.write { conn in try rescorer.rescore(.all(after: start), scorer: scorer, limit: size, conn) }
            guard let last = batch.lastID else { return summary }
            summary.add(batch)
            after = last
        }
    }

    /// Rescores the contacts that have signals, whose engagement and recency points change with time.
    public func decay() async throws -> Summary {
        let (rescorer, scorer) = try await prepare()
        let size = settings.batchSize
        var summary = Summary(), after: String?
        while true {
            let start = after
            let (batch, last) = try await database.write { conn -> (LeadRescorer.BatchResult, String?) in
                let ids = try conn.query("SELECT DISTINCT contact_id FROM lead_signals WHERE contact_id > ? ORDER BY contact_id LIMIT ?",
                                         [.text(start ?? ""), .int(size)]).compactMap { $0.string("contact_id") }
                guard !ids.isEmpty else { return (LeadRescorer.BatchResult(), nil) }
                return (try rescorer.rescore(.ids(ids), scorer: scorer, conn), ids.last)
            }
            guard let last else { return summary }
            summary.add(batch)
            after = last
        }
    }

    private func prepare() async throws -> (LeadRescorer, Scorer) {
        let saved = try await database.read { [models] conn in try models.current(conn) }
        return (LeadRescorer(context: context, settings: settings), Scorer(saved.model))
    }
}

extension RecomputeService.Summary {
    mutating func add(_ batch: LeadRescorer.BatchResult) {
        scored += batch.scored
        written += batch.written
        bandChanges += batch.bandChanges
        batches += 1
    }
}
