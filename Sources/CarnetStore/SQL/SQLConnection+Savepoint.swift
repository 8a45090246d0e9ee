extension SQLConnection {
    /// Runs `body` inside a savepoint of the current transaction: if it throws, what it wrote
    /// is undone and the transaction goes on, usable (on PostgreSQL a failed statement would
    /// otherwise abort the whole transaction). Savepoints nest.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        _ = try execute("SAVEPOINT carnet_step", [])
        do {
            let result = try body()
            _ = try execute("RELEASE SAVEPOINT carnet_step", [])
            return result
        } catch {
            _ = try execute("ROLLBACK TO SAVEPOINT carnet_step", [])
            _ = try execute("RELEASE SAVEPOINT carnet_step", [])
            throw error
        }
    }
}
