import CarnetCore

/// Checks that ids a user gives point at live rows, naming the field when they do not.
public struct References {
    let conn: any SQLConnection
    public var errors: [FieldError] = []

    public init(_ conn: any SQLConnection) {
        self.conn = conn
    }

    /// Adds an error unless `id` is a live row of `table`.
    public mutating func require(_ id: String?, in table: String, field: String, entity: String) throws {
        guard let id else { return }
        let archived = table == "users" ? "" : " AND archived_at IS NULL"
        if try conn.queryOne("SELECT id FROM \(table) WHERE id = ?\(archived)", [.text(id)]) == nil {
            errors.append(FieldError(field, "no \(entity) with id \(id)"))
        }
    }

    /// Throws the collected errors as one validation error.
    public func check() throws {
        if !errors.isEmpty { throw CarnetError.validation(errors) }
    }
}

/// Throws a 409 when the caller's version (from `If-Match` or the body) is not the stored one.
public func requireVersion(entity: String, id: String, actual: Int, expected: Int?) throws {
    if let expected, expected != actual {
        throw CarnetError.versionConflict(entity: entity, id: id, expected: expected, actual: actual)
    }
}
