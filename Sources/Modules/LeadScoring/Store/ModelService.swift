import CarnetCore
import CarnetStore
import Foundation

/// Reads and saves the scoring model; a save queues the recompute of every score.
public struct ModelService: Sendable {
    public let context: ServiceContext
    public let jobs: JobQueue
    var log: ChangeLog { ChangeLog(clock: context.clock) }
    /// The one row of `scoring_model`.
    static let rowID = "default"

    public init(context: ServiceContext, jobs: JobQueue) {
        self.context = context
        self.jobs = jobs
    }

    /// The model in use: the saved one, else the built-in one at version 0.
    public func current(_ conn: any SQLConnection) throws -> SavedModel {
        guard let row = try conn.queryOne("SELECT * FROM scoring_model WHERE id = ?", [.text(Self.rowID)]) else {
            return SavedModel(model: .standard, version: 0)
        }
        let text = row.string("document") ?? ""
        guard let model = try? CarnetJSON.decoder.decode(ScoringModel.self, from: Data(text.utf8)) else {
            throw CarnetError.invalidState("The saved scoring model cannot be read; save a new one.")
        }
        return SavedModel(model: model, version: row.int("version") ?? 0, updatedAt: row.date("updated_at"), updatedBy: row.string("updated_by"))
    }

    /// Validates and saves `model` if the saved one is still at `expectedVersion` (any version
    /// when nil), writes its event and audit row, and queues the full recompute.
    public func save(_ model: ScoringModel, expectedVersion: Int?, actor: Actor, language: Language = .en, _ conn: any SQLConnection) throws -> SavedModel {
        try actor.require(.manage)
        try model.validate(language: language)
        let previous = try current(conn)
        try requireVersion(entity: "scoring_model", id: Self.rowID, actual: previous.version, expected: expectedVersion)
        let now = context.clock.now
        let saved = SavedModel(model: model, version: previous.version + 1, updatedAt: now, updatedBy: actor.userID)
        let document = String(decoding: try CarnetJSON.encoder.encode(model), as: UTF8.self)
        if previous.version == 0 {
            try conn.execute("INSERT INTO scoring_model (id, document, version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)",
                             [.text(Self.rowID), .text(document), .int(saved.version), .date(now), .string(actor.userID)])
        } else {
            let changed = try conn.execute("UPDATE scoring_model SET document = ?, version = ?, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?",
                                           [.text(document), .int(saved.version), .date(now), .string(actor.userID), .text(Self.rowID), .int(previous.version)])
            guard changed == 1 else {
                throw CarnetError.versionConflict(entity: "scoring_model", id: Self.rowID, expected: previous.version, actual: try current(conn).version)
            }
        }
        let old = try JSONValue.from(previous.model), new = try JSONValue.from(model)
        try log.audit([FieldChange(field: "document", old: old, new: new)], entity: "scoring_model", id: Self.rowID, actor: actor, conn)
        try log.event("scoring_model.updated", entity: "scoring_model", id: Self.rowID, actor: actor, payload: .object(["version": .number(Double(saved.version))]), conn)
        try jobs.enqueue(kind: LeadScoringModule.recompute, payload: .object(["version": .number(Double(saved.version))]),
                         dedupeKey: "\(LeadScoringModule.recompute):v\(saved.version)", conn)
        return saved
    }
}

extension JSONValue {
    /// `value` as the API would write it.
    static func from(_ value: some Encodable) throws -> JSONValue {
        try CarnetJSON.decoder.decode(JSONValue.self, from: CarnetJSON.encoder.encode(value))
    }
}
