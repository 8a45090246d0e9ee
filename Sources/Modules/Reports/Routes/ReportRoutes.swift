import CarnetCore
import CarnetStore
import Foundation

/// `/api/v1/reports/forecast`, `/funnel`, `/losses`, `/adoption` and `/missing-fields`: read
/// the query, build the report in one read transaction, answer JSON or CSV.
struct ReportRoutes {
    let settings: ReportsSettings

    var all: [ModuleRoute] {
        let settings = self.settings
        return [
            ModuleRoute(.get, "reports/forecast", permission: .read, summary: "Weighted and historical forecast by month, owner and region, per currency") { request in
                let (filters, format) = try Self.read(request, accepting: ["owner", "territory", "pipeline", "currency"])
                let period = try Self.period(request, filters, defaultFrom: 0, defaultTo: 11)
                let service = ForecastService(context: request.carnet.context, settings: settings)
                let report = try await request.carnet.database.read { conn in try service.forecast(period, filters, conn) }
                return try format.response(report, table: { report.table }, name: "forecast")
            },
            ModuleRoute(.get, "reports/funnel", permission: .read, summary: "Stage entries, conversions, time in stage and the worst leak of a period") { request in
                let (filters, format) = try Self.read(request, accepting: ["owner", "pipeline"])
                let period = try Self.period(request, filters, defaultFrom: -11, defaultTo: 0)
                let service = FunnelService(context: request.carnet.context)
                let report = try await request.carnet.database.read { conn in try service.funnel(period, filters, conn) }
                return try format.response(report, table: { report.table }, name: "funnel")
            },
            ModuleRoute(.get, "reports/losses", permission: .read, summary: "Loss reasons by stage and owner, win rate, won deal size and sales cycle") { request in
                let (filters, format) = try Self.read(request, accepting: ["owner", "pipeline"])
                let period = try Self.period(request, filters, defaultFrom: -11, defaultTo: 0)
                let service = LossesService(context: request.carnet.context)
                let report = try await request.carnet.database.read { conn in try service.losses(period, filters, conn) }
                return try format.response(report, table: { report.table }, name: "losses")
            },
            ModuleRoute(.get, "reports/adoption", permission: .read, summary: "Weekly use of the CRM per user: activity, next actions, meeting logging, overdue tasks") { request in
                let (filters, format) = try Self.read(request, accepting: ["owner"])
                let weeks = try ReportWeek.count(request.query["weeks"], language: filters.language)
                let service = AdoptionService(context: request.carnet.context)
                let report = try await request.carnet.database.read { conn in try service.adoption(weeks: weeks, filters, conn) }
                return try format.response(report, table: { report.table }, name: "adoption")
            },
            ModuleRoute(.get, "reports/missing-fields", permission: .read, summary: "Records lacking a critical field, per rule and per owner") { request in
                let (filters, format) = try Self.read(request, accepting: ["owner"])
                let kinds = try request.query["entity"].map { [try MissingFieldsQuery.kind($0, language: filters.language)] } ?? RecordKind.allCases
                let service = MissingFieldsService(settings: settings)
                let report = try await request.carnet.database.read { conn in try service.report(filters, kinds: kinds, conn) }
                return try format.response(report, table: { report.table }, name: "missing-fields")
            },
            ModuleRoute(.get, "reports/missing-fields/records", permission: .read, summary: "The records lacking a rule's fields, with the page to fix each") { request in
                let query = try MissingFieldsQuery(request, settings: settings)
                let service = MissingFieldsService(settings: settings)
                let page = try await request.carnet.database.read { conn in
                    if let owner = query.filters.ownerID, owner != MissingFieldsService.noOwner { try query.filters.check(conn) }
                    return try service.records(query.rule, owner: query.filters.ownerID, limit: query.limit, cursor: query.cursor, conn)
                }
                return try RouteResponse(encoding: page)
            },
        ]
    }

    /// The filters the route accepts, `lang`, and the answer's format.
    static func read(_ request: RouteRequest, accepting names: Set<String>) throws -> (ReportFilters, ReportFormat) {
        let filters = try ReportFilters.parse(request.query, accepting: names, pipeline: request.carnet.context.pipeline)
        return (filters, try ReportFormat(request, language: filters.language))
    }

    /// `from` and `to`, defaulting to months relative to the current one.
    static func period(_ request: RouteRequest, _ filters: ReportFilters, defaultFrom: Int, defaultTo: Int) throws -> ReportPeriod {
        try ReportPeriod.parse(from: request.query["from"], to: request.query["to"], now: request.carnet.context.clock.now,
                               defaultFrom: defaultFrom, defaultTo: defaultTo, language: filters.language)
    }
}
