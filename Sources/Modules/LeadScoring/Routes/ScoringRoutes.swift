import CarnetCore
import CarnetStore
import Foundation

/// `/api/v1/scoring/...` and `/api/v1/contacts/{id}/score`: decode, call the services, encode.
struct ScoringRoutes {
    let settings: LeadScoringSettings

    var all: [ModuleRoute] {
        let settings = self.settings
        return [
            ModuleRoute(.get, "contacts/{id}/score", permission: .read, summary: "A contact's lead score, band and explanation") { request in
                guard let id = request.parameters["id"] else { throw CarnetError.malformed(detail: "Missing path parameter id.", field: "id") }
                let language = try QueryValue.language(request.query["lang"])
                let score = try await request.carnet.database.read { conn in try ScoreService().get(id, language: language, conn) }
                return try RouteResponse(encoding: score)
            },
            ModuleRoute(.get, "scoring/scores", permission: .read, summary: "Lead scores, highest first (band=cold|warm|hot)") { request in
                let band = try Self.band(request, language: Self.language(request))
                let limit = try Cursor.limit(request.query["limit"])
                let cursor = request.query["cursor"]
                let page = try await request.carnet.database.read { conn in try ScoreService().list(band: band, limit: limit, cursor: cursor, conn) }
                return try RouteResponse(encoding: page)
            },
            ModuleRoute(.get, "scoring/model", permission: .read, summary: "The scoring model in use, with its version") { request in
                let models = ModelService(context: request.carnet.context, jobs: request.carnet.jobs)
                let saved = try await request.carnet.database.read { conn in try models.current(conn) }
                return try RouteResponse(encoding: saved)
            },
            ModuleRoute(.put, "scoring/model", permission: .manage, summary: "Replace the scoring model; every score is then recomputed") { request in
                let language = try Self.language(request)
                let model = try request.decode(ScoringModel.self)
                let version = try request.expectedVersion() ?? request.decode(VersionField.self).version
                let models = ModelService(context: request.carnet.context, jobs: request.carnet.jobs)
                return try await request.write { conn in try models.save(model, expectedVersion: version, actor: request.actor, language: language, conn) }
            },
            ModuleRoute(.get, "scoring/backtest", permission: .manage, summary: "Conversion by score band of the deals closed in the last months (months=1..120)") { request in
                let language = try Self.language(request)
                let months = try Self.months(request.query["months"], fallback: settings.backtestMonths, language: language)
                let context = request.carnet.context
                let models = ModelService(context: context, jobs: request.carnet.jobs)
                let report = try await request.carnet.database.read { conn in
                    try BacktestService(context: context).run(months: months, model: try models.current(conn).model, conn)
                }
                return try RouteResponse(encoding: report)
            },
        ]
    }

    /// The optional `version` of a body, the other way to say which version a write expects.
    struct VersionField: Decodable {
        var version: Int?
    }

    /// `?lang=fr` for French texts; English otherwise.
    static func language(_ request: RouteRequest) throws -> Language {
        try QueryValue.language(request.query["lang"])
    }

    /// The `band` asked for; nil when absent.
    static func band(_ request: RouteRequest, language: Language) throws -> ScoreBand? {
        guard let text = request.query["band"] else { return nil }
        guard let band = ScoreBand(rawValue: text) else {
            throw CarnetError.validation([FieldError("band", L10n.text("scoring.band_values", language))])
        }
        return band
    }

    /// A whole number of months from 1 to 120, `fallback` when absent.
    static func months(_ text: String?, fallback: Int, language: Language) throws -> Int {
        guard let text else { return fallback }
        guard let value = Int(text), (1...120).contains(value) else {
            throw CarnetError.validation([FieldError("months", L10n.text("scoring.months_range", language))])
        }
        return value
    }
}
