import CarnetCore

extension CompanyService {
    /// The companies a person means by `text` in a form: the one with this id, else the live
    /// ones with this name, ignoring case and accents (at most `limit`, through the name index).
    public func find(idOrName text: String, limit: Int = 2, _ conn: any SQLConnection) throws -> [Company] {
        if let row = try conn.queryOne("SELECT * FROM companies WHERE id = ?", [.text(text)]) { return [Company(row: row)] }
        return try conn.query("SELECT * FROM companies WHERE name_key = ? AND archived_at IS NULL ORDER BY name_key, id LIMIT ?",
                              [.text(SearchKey.fold(text)), .int(limit)]).map(Company.init(row:))
    }
}
