import CarnetCore
import CarnetStore

/// The filters a report takes from its query: owner, region, pipeline and currency, each
/// checked against the data so that a typo is a 422 naming the parameter, not an empty report.
struct ReportFilters: Sendable {
    var ownerID: String?
    /// A region of the deal's company, or of its contact when the company has none.
    var territory: String?
    var currency: CurrencyCode?
    var language: Language = .en

    /// Reads `owner`, `territory`, `pipeline` and `currency` (those the report accepts) and
    /// `lang`; the pipeline must be the configured one.
    static func parse(_ query: [String: String], accepting names: Set<String>, pipeline: Pipeline) throws(CarnetError) -> ReportFilters {
        var filters = ReportFilters()
        filters.language = try QueryValue.language(query["lang"])
        let language = filters.language
        var errors: [FieldError] = []
        // An empty value is refused like any other that matches nothing, never read as "no filter".
        func value(_ name: String) -> String? {
            names.contains(name) ? query[name] : nil
        }
        filters.ownerID = value("owner")
        filters.territory = value("territory")
        if let key = value("pipeline"), key != pipeline.key {
            errors.append(FieldError("pipeline", L10n.text("reports.unknown_pipeline", language, ["value": key, "known": pipeline.key])))
        }
        if let code = value("currency") {
            if let currency = CurrencyCode(code) {
                filters.currency = currency
            } else {
                errors.append(FieldError("currency", L10n.text("reports.currency", language, ["value": code])))
            }
        }
        if !errors.isEmpty { throw .validation(errors) }
        return filters
    }

    /// Checks that the owner is a user and that some company or live contact has the region.
    func check(_ conn: any SQLConnection) throws {
        var errors: [FieldError] = []
        if let ownerID, try conn.queryOne("SELECT 1 AS found FROM users WHERE id = ?", [.text(ownerID)]) == nil {
            errors.append(FieldError("owner", L10n.text("reports.unknown_owner", language, ["value": ownerID])))
        }
        if let territory {
            let found = try conn.queryOne("""
                SELECT 1 AS found WHERE EXISTS (SELECT 1 FROM contacts WHERE region = ? AND archived_at IS NULL)
                   OR EXISTS (SELECT 1 FROM companies WHERE region = ?)
                """, [.text(territory), .text(territory)])
            if found == nil { errors.append(FieldError("territory", L10n.text("reports.unknown_territory", language, ["value": territory]))) }
        }
        if !errors.isEmpty { throw CarnetError.validation(errors) }
    }

    /// The conditions on deals `d` (joined to companies `co` and contacts `ct` when a territory
    /// is asked for) that the owner, territory and currency add, each starting with ` AND`.
    func dealConditions(owner: Bool = true, currency: Bool = true) -> (sql: String, binds: [SQLValue]) {
        var sql = ""
        var binds: [SQLValue] = []
        if owner, let ownerID { sql += " AND d.owner_id = ?"; binds.append(.text(ownerID)) }
        if currency, let code = self.currency?.code { sql += " AND d.currency = ?"; binds.append(.text(code)) }
        if let territory { sql += " AND COALESCE(co.region, ct.region) = ?"; binds.append(.text(territory)) }
        return (sql, binds)
    }

    /// The joins `dealConditions` needs: none without a territory.
    var territoryJoins: String {
        territory == nil ? "" : Self.regionJoins
    }

    /// The joins that give a deal `d` its region, `COALESCE(co.region, ct.region)`.
    static let regionJoins = " LEFT JOIN companies co ON co.id = d.company_id LEFT JOIN contacts ct ON ct.id = d.contact_id"
}

/// `?, ?, ?` for a list of binds, and the binds, for `IN (...)`.
func placeholders(_ values: [String]) -> (sql: String, binds: [SQLValue]) {
    (values.isEmpty ? "NULL" : Array(repeating: "?", count: values.count).joined(separator: ", "), values.map { .text($0) })
}
