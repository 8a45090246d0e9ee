import Synchronization

/// Counts the SQL statements run for one piece of work: tests bound the statements a request
/// may issue (no query per row of a list). Set it as `StatementCounter.$scope` around the work;
/// the databases then hand the work's transactions a connection that counts, whichever
/// thread they run on. Background work outside the scope is not counted.
public final class StatementCounter: Sendable {
    /// The counter of the work under way, if any.
    @TaskLocal public static var scope: StatementCounter?

    private let count = Atomic<Int>(0)

    public init() {}

    /// The statements counted so far.
    public var value: Int { count.load(ordering: .relaxed) }

    func add() {
        count.add(1, ordering: .relaxed)
    }

    /// `body`, counting its statements when a scope is set; `body` itself otherwise.
    static func counting<T>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) -> @Sendable (any SQLConnection) throws -> T {
        guard let scope else { return body }
        return { conn in try body(CountedConnection(base: conn, counter: scope)) }
    }
}

/// A connection that counts each statement it forwards (an `insert` counts once).
struct CountedConnection: SQLConnection {
    let base: any SQLConnection
    let counter: StatementCounter

    var dialect: SQLDialectInfo { base.dialect }

    func execute(_ sql: String, _ binds: [SQLValue]) throws -> Int {
        counter.add()
        return try base.execute(sql, binds)
    }

    func query(_ sql: String, _ binds: [SQLValue]) throws -> [SQLRow] {
        counter.add()
        return try base.query(sql, binds)
    }

    func insert(into target: InsertTarget, values: [SQLValue]) throws {
        counter.add()
        try base.insert(into: target, values: values)
    }
}
