import CarnetCore
import CarnetStore

/// The query of `/api/v1/reports/missing-fields/records`: `entity` and `rule` (both required,
/// the rule one of those configured for the entity), `owner` (a user id, or `none` for the
/// records without an owner), `limit`, `cursor` and `lang`.
struct MissingFieldsQuery: Sendable {
    var filters: ReportFilters
    var rule: CriticalRule
    var limit: Int
    var cursor: String?

    init(_ request: RouteRequest, settings: ReportsSettings) throws {
        filters = try ReportFilters.parse(request.query, accepting: ["owner"], pipeline: request.carnet.context.pipeline)
        let language = filters.language
        let kinds = RecordKind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let entity = request.query["entity"] else {
            throw CarnetError.validation([FieldError("entity", L10n.text("reports.parameter_required", language, ["known": kinds]))])
        }
        let kind = try Self.kind(entity, language: language)
        let rules = settings.criticalFields[kind] ?? []
        let known = rules.isEmpty ? "-" : rules.map(\.text).joined(separator: ", ")
        guard let text = request.query["rule"] else {
            throw CarnetError.validation([FieldError("rule", L10n.text("reports.parameter_required", language, ["known": known]))])
        }
        guard let rule = rules.first(where: { $0.text == text }) else {
            throw CarnetError.validation([FieldError("rule", L10n.text("reports.unknown_rule", language,
                                                                       ["value": text, "entity": kind.rawValue, "known": known]))])
        }
        self.rule = rule
        limit = try Cursor.limit(request.query["limit"])
        cursor = request.query["cursor"]
    }

    /// `contact`, `company` or `deal`; anything else is a 422 naming `entity`.
    static func kind(_ text: String, language: Language) throws(CarnetError) -> RecordKind {
        guard let kind = RecordKind(rawValue: text) else {
            let known = RecordKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw .validation([FieldError("entity", L10n.text("reports.unknown_entity", language, ["value": text, "known": known]))])
        }
        return kind
    }
}
