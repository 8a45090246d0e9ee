import Foundation

/// A merge of two records, as recorded and as `GET /api/v1/merges/{id}` shows it: who merged
/// which record into which, when, both records as they were before, and every row it moved.
public struct Merge: Sendable, Equatable, Encodable, Identifiable {
    public var id: String
    public var entityType: DuplicateEntity
    public var survivorID: String
    public var mergedID: String
    public var actorID: String?
    public var createdAt: Date
    /// The choices the caller made, field by field.
    public var fields: [String: MergeSide]
    /// Both records before the merge, as the API writes them.
    public var survivorBefore: JSONValue
    public var mergedBefore: JSONValue
    public var moved: [MovedRows]
    /// Until when `POST /api/v1/merges/{id}/undo` is accepted.
    public var undoUntil: Date
    public var undoneAt: Date?
    public var undoneBy: String?

    public init(id: String, entityType: DuplicateEntity, survivorID: String, mergedID: String, actorID: String?, createdAt: Date,
                fields: [String: MergeSide], survivorBefore: JSONValue, mergedBefore: JSONValue, moved: [MovedRows], undoUntil: Date,
                undoneAt: Date? = nil, undoneBy: String? = nil) {
        self.id = id
        self.entityType = entityType
        self.survivorID = survivorID
        self.mergedID = mergedID
        self.actorID = actorID
        self.createdAt = createdAt
        self.fields = fields
        self.survivorBefore = survivorBefore
        self.mergedBefore = mergedBefore
        self.moved = moved
        self.undoUntil = undoUntil
        self.undoneAt = undoneAt
        self.undoneBy = undoneBy
    }

    enum CodingKeys: String, CodingKey {
        case id, entityType = "entity_type", survivorID = "survivor_id", mergedID = "merged_id", actorID = "actor_id", createdAt = "created_at"
        case fields, survivorBefore = "survivor_before", mergedBefore = "merged_before", moved, undoUntil = "undo_until"
        case undoneAt = "undone_at", undoneBy = "undone_by"
    }

    /// Writes every key, `null` included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(entityType, forKey: .entityType)
        try c.encode(survivorID, forKey: .survivorID)
        try c.encode(mergedID, forKey: .mergedID)
        try c.encode(actorID, forKey: .actorID)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(fields, forKey: .fields)
        try c.encode(survivorBefore, forKey: .survivorBefore)
        try c.encode(mergedBefore, forKey: .mergedBefore)
        try c.encode(moved, forKey: .moved)
        try c.encode(undoUntil, forKey: .undoUntil)
        try c.encode(undoneAt, forKey: .undoneAt)
        try c.encode(undoneBy, forKey: .undoneBy)
    }
}

/// The rows of one table whose `column` a merge moved from the merged record to the survivor.
public struct MovedRows: Sendable, Equatable, Codable {
    public var table: String
    public var column: String
    public var ids: [String]

    public init(table: String, column: String, ids: [String]) {
        self.table = table
        self.column = column
        self.ids = ids
    }
}
