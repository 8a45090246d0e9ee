import CarnetCore
import CarnetStore
import Foundation

/// A segment filter as one SQL condition over `contacts c`, with its parameters.
///
/// The same text on SQLite and PostgreSQL except for custom fields (JSON functions differ).
/// Conditions on related rows are subqueries, never rows loaded into Swift:
/// `c.id IN (SELECT contact_id FROM contact_tags WHERE tag = ?)` and the like for tags, company
/// fields, scores and open deals (each drives from an index of the related table, then looks
/// contacts up by key), `EXISTS` / `NOT EXISTS` correlated on the contact for activities and
/// the negative forms (a `NOT IN` over a nullable column would drop every row). Relative
/// dates (`within_days`) are turned into an instant here, from `now`, so no date arithmetic
/// is written in SQL.
public struct FilterSQL: Sendable {
    public let dialect: SQLDialect
    public let now: Date

    public init(dialect: SQLDialect, now: Date) {
        self.dialect = dialect
        self.now = now
    }

    /// The condition (to AND with `c.archived_at IS NULL`) and its parameters.
    public func condition(_ filter: SegmentFilter) -> (sql: String, binds: [SQLValue]) {
        var binds: [SQLValue] = []
        let sql = group(filter.root, &binds)
        return (sql, binds)
    }

    private func group(_ group: SegmentFilter.Group, _ binds: inout [SQLValue]) -> String {
        guard !group.nodes.isEmpty else { return group.combinator == .all ? "1 = 1" : "1 = 0" }
        let parts = group.nodes.map { node -> String in
            switch node {
            case .group(let inner): "(\(self.group(inner, &binds)))"
            case .condition(let condition): "(\(self.condition(condition, &binds)))"
            }
        }
        return parts.joined(separator: group.combinator == .all ? " AND " : " OR ")
    }

    private func condition(_ condition: SegmentFilter.Condition, _ binds: inout [SQLValue]) -> String {
        let (op, value) = (condition.op, condition.value)
        switch condition.field.kind {
        case .contactText(let column):
            return text("c.\(column)", op, value, &binds)
        case .contactFlag(let column):
            binds.append(.bool(value == .flag(true)))
            return "c.\(column) = ?"
        case .contactInstant(let column):
            return instant("c.\(column)", op, value, &binds)
        case .tags:
            guard case .text(let tag) = value else { return "1 = 0" }
            binds.append(.text(tag))
            return op == .has ? "c.id IN (SELECT t.contact_id FROM contact_tags t WHERE t.tag = ?)"
                : "NOT EXISTS (SELECT 1 FROM contact_tags t WHERE t.tag = ? AND t.contact_id = c.id)"
        case .companyText(let column):
            return company(op) { text("co.\(column)", positive(op), value, &binds) }
        case .companyBand(let column, let bands):
            let names: [String] = switch value {
            case .text(let name): [name]
            case .texts(let list): list
            default: []
            }
            let ranges = bands.filter { names.contains($0.name) }.map { band -> String in
                var parts = ["co.\(column) IS NOT NULL"]
                if let from = band.from { parts.append("co.\(column) >= ?"); binds.append(.integer(from)) }
                if let below = band.below { parts.append("co.\(column) < ?"); binds.append(.integer(below)) }
                return "(" + parts.joined(separator: " AND ") + ")"
            }
            let inner = ranges.isEmpty ? "1 = 0" : ranges.joined(separator: " OR ")
            return company(op) { inner }
        case .score:
            guard case .number(let number) = value else { return "1 = 0" }
            binds.append(.real(number))
            if op == .ne { return "NOT EXISTS (SELECT 1 FROM lead_scores s WHERE s.contact_id = c.id AND s.score = ?)" }
            return "c.id IN (SELECT s.contact_id FROM lead_scores s WHERE s.score \(comparison(op)) ?)"
        case .band:
            let inner = list("s.band", value, &binds)
            return op == .ne ? "NOT EXISTS (SELECT 1 FROM lead_scores s WHERE \(inner) AND s.contact_id = c.id)"
                : "c.id IN (SELECT s.contact_id FROM lead_scores s WHERE \(inner))"
        case .openDealStage:
            let inner = list("d.stage", value, &binds) + " AND d.closed_at IS NULL AND d.archived_at IS NULL"
            return op == .ne ? "NOT EXISTS (SELECT 1 FROM deals d WHERE \(inner) AND d.contact_id = c.id)"
                : "c.id IN (SELECT d.contact_id FROM deals d WHERE \(inner) AND d.contact_id IS NOT NULL)"
        case .lastActivity:
            let activity = "SELECT 1 FROM activities a WHERE a.contact_id = c.id"
            switch (op, value) {
            case (.isEmpty, .flag(let empty)):
                return (empty ? "NOT " : "") + "EXISTS (\(activity))"
            case (.before, .instant(let instant)):
                binds.append(.date(instant))
                return "NOT EXISTS (\(activity) AND a.occurred_at >= ?)"
            case (.after, .instant(let instant)):
                binds.append(.date(instant))
                return "EXISTS (\(activity) AND a.occurred_at > ?)"
            case (.withinDays, .days(let days)):
                binds.append(.date(now.addingTimeInterval(-Double(days) * 86_400)))
                return "EXISTS (\(activity) AND a.occurred_at >= ?)"
            default:
                return "1 = 0"
            }
        case .custom(let key):
            return custom(key, op, value, &binds)
        }
    }

    /// `eq`, `ne`, `in`, `contains`, `starts_with`, `is_empty` on a text column. `ne` keeps
    /// the rows where the column is empty; `contains` and `starts_with` ignore case.
    private func text(_ column: String, _ op: FilterOperator, _ value: FilterValue, _ binds: inout [SQLValue]) -> String {
        switch (op, value) {
        case (.eq, .text(let text)):
            binds.append(.text(text))
            return "\(column) = ?"
        case (.ne, .text(let text)):
            binds.append(.text(text))
            return "(\(column) IS NULL OR \(column) <> ?)"
        case (.in, _):
            return list(column, value, &binds)
        case (.contains, .text(let text)):
            binds.append(.text("%" + Self.escapeLike(text.lowercased()) + "%"))
            return "LOWER(\(column)) LIKE ? ESCAPE '\\'"
        case (.startsWith, .text(let text)):
            binds.append(.text(Self.escapeLike(text.lowercased()) + "%"))
            return "LOWER(\(column)) LIKE ? ESCAPE '\\'"
        case (.isEmpty, .flag(let empty)):
            return empty ? "(\(column) IS NULL OR \(column) = '')" : "(\(column) IS NOT NULL AND \(column) <> '')"
        default:
            return "1 = 0"
        }
    }

    private func list(_ column: String, _ value: FilterValue, _ binds: inout [SQLValue]) -> String {
        let values: [String] = switch value {
        case .text(let text): [text]
        case .texts(let texts): texts
        default: []
        }
        guard !values.isEmpty else { return "1 = 0" }
        binds += values.map(SQLValue.text)
        return values.count == 1 ? "\(column) = ?" : "\(column) IN (\(values.map { _ in "?" }.joined(separator: ", ")))"
    }

    private func instant(_ column: String, _ op: FilterOperator, _ value: FilterValue, _ binds: inout [SQLValue]) -> String {
        switch (op, value) {
        case (.before, .instant(let instant)):
            binds.append(.date(instant))
            return "\(column) < ?"
        case (.after, .instant(let instant)):
            binds.append(.date(instant))
            return "\(column) > ?"
        case (.withinDays, .days(let days)):
            binds.append(.date(now.addingTimeInterval(-Double(days) * 86_400)))
            return "\(column) >= ?"
        default:
            return "1 = 0"
        }
    }

    /// A condition on the contact's company; `ne` means "no company that matches" (so a
    /// contact without a company is in), through the positive test of `inner`.
    private func company(_ op: FilterOperator, _ inner: () -> String) -> String {
        let select = "SELECT co.id FROM companies co WHERE \(inner())"
        return op == .ne ? "(c.company_id IS NULL OR c.company_id NOT IN (\(select)))" : "c.company_id IN (\(select))"
    }

    /// The positive form of a negative text operator, for the company subquery.
    private func positive(_ op: FilterOperator) -> FilterOperator {
        op == .ne ? .eq : op
    }

    private func comparison(_ op: FilterOperator) -> String {
        switch op {
        case .gt: ">"
        case .gte: ">="
        case .lt: "<"
        case .lte: "<="
        default: "="
        }
    }

    /// A custom field, by key: text comparisons on its text, `gt`/`lt` on numbers only (a
    /// custom field holding a text never matches them instead of failing the query). The key
    /// is written into the SQL: ``FilterField`` lets only letters, digits and `_` through.
    private func custom(_ key: String, _ op: FilterOperator, _ value: FilterValue, _ binds: inout [SQLValue]) -> String {
        let text: String, number: String
        switch dialect {
        case .sqlite:
            text = "json_extract(c.custom_fields, '$.\"\(key)\"')"
            number = "(CASE WHEN json_type(c.custom_fields, '$.\"\(key)\"') IN ('integer', 'real') THEN json_extract(c.custom_fields, '$.\"\(key)\"') END)"
        case .postgres:
            text = "(c.custom_fields::jsonb ->> '\(key)')"
            number = "(CASE WHEN jsonb_typeof(c.custom_fields::jsonb -> '\(key)') = 'number' THEN (c.custom_fields::jsonb ->> '\(key)')::numeric END)"
        }
        switch (op, value) {
        case (.ne, .number(let n)):
            binds.append(.real(n))
            return "(\(number) IS NULL OR \(number) <> ?)"
        case (_, .number(let n)):
            binds.append(.real(n))
            return "\(number) \(comparison(op)) ?"
        default:
            return self.text(text, op, value, &binds)
        }
    }

    /// `text` with `%`, `_` and `\` escaped for a `LIKE … ESCAPE '\'`.
    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
