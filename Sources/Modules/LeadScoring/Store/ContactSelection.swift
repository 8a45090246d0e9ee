import CarnetStore

/// Which live contacts one rescore batch reads, in id order.
public enum ContactSelection: Sendable {
    /// These contacts.
    case ids([String])
    /// The contacts of a company, after an id.
    case company(String, after: String?)
    /// Every contact after an id: a full recompute.
    case all(after: String?)

    /// The condition on `contacts c` and its binds.
    var condition: (sql: String, binds: [SQLValue]) {
        switch self {
        case .ids(let ids):
            (" AND c.id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))", ids.map(SQLValue.text))
        case .company(let company, let after):
            (" AND c.company_id = ?" + (after == nil ? "" : " AND c.id > ?"), [.text(company)] + (after.map { [.text($0)] } ?? []))
        case .all(let after):
            (after == nil ? "" : " AND c.id > ?", after.map { [.text($0)] } ?? [])
        }
    }

    /// Whether the batch reads every contact of an id range, so its signals can be read by range.
    var isContiguous: Bool {
        if case .all = self { return true }
        return false
    }
}
