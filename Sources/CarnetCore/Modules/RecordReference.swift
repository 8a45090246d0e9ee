/// A column of a table that points at a contact or a company: what a merge moves from the
/// merged record to the survivor, and an undo moves back, row by row.
public struct RecordReference: Sendable, Hashable {
    public var table: String
    public var column: String
    /// The kind of record the column holds ids of.
    public var entity: DuplicateEntity
    /// The column naming each row, recorded so that an undo moves back exactly the rows moved.
    public var idColumn: String

    public init(table: String, column: String, entity: DuplicateEntity, idColumn: String = "id") {
        self.table = table
        self.column = column
        self.entity = entity
        self.idColumn = idColumn
    }
}
