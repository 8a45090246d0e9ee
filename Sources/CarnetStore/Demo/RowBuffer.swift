/// Rows waiting to go into one table through the store's multi-row insert, sent every
/// `capacity` rows and at `flush`.
struct RowBuffer {
    let target: InsertTarget
    let capacity: Int
    private var values: [SQLValue] = []
    private var rows = 0

    init(_ target: InsertTarget, capacity: Int = 1_000) {
        self.target = target
        self.capacity = capacity
    }

    mutating func append(_ row: [SQLValue], _ conn: any SQLConnection) throws {
        values.append(contentsOf: row)
        rows += 1
        if rows == capacity { try flush(conn) }
    }

    mutating func flush(_ conn: any SQLConnection) throws {
        guard rows > 0 else { return }
        try conn.insert(into: target, values: values)
        values.removeAll(keepingCapacity: true)
        rows = 0
    }
}
