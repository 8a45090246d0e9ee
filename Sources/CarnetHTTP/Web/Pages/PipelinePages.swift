import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `/pipeline`: the deals as a board of stage columns (or a list), with totals and weighted
/// totals, filters, cards marked overdue or stale; `POST /deals/{id}/move` behind the drag.
struct PipelinePages {
    /// Cards per column: the board is a working view; the list and the API page through the rest.
    static let perColumn = 200
    let kit: WebKit

    func register(_ pages: PageRouter) {
        let kit = self.kit
        pages.get("/pipeline") { page in
            try await kit.renderer.response("pipeline", Self.board(kit, page))
        }
        pages.post("/deals/{id}/move") { page in
            let id = try page.parameter("id")
            let pipeline = kit.services.context.pipeline
            guard let stage = page.form["stage"], pipeline.stage(stage) != nil else {
                return kit.json(["message": "Unknown stage."], status: .unprocessableContent)
            }
            var patch: DealPatch
            do {
                patch = try DealForm.patch(page.form, language: page.language, zone: kit.followUps.timeZone)
            } catch let error as CarnetError {
                return kit.json(["message": error.detail], status: .unprocessableContent)
            }
            patch.stage = stage
            let input = patch
            let version = page.form["version"].flatMap(Int.init)
            do {
                let (owner, month) = (page.form["filter_owner"], page.form["filter_close"])
                let (deal, columns) = try await kit.services.database.write { conn in
                    let from = try kit.services.deals.get(id, conn).stage
                    let deal = try kit.services.deals.update(id, input, expectedVersion: version, actor: page.actor, conn)
                    let columns = try Set([from, deal.stage]).map { key in
                        (key, try Self.cards(kit.services, stage: key, owner: owner, month: month, conn))
                    }
                    return (deal, columns)
                }
                let title = deal.title, name = WebFormat.stageName(pipeline.stage(stage), key: stage, page.language)
                let currency = kit.services.context.currency.code
                return kit.json(["version": deal.version, "stage": deal.stage,
                                 "message": L10n.text("web.deal_moved", page.language, ["title": title, "stage": name]),
                                 "columns": Dictionary(uniqueKeysWithValues: columns.map { key, deals in
                                     (key, Self.totals(deals, currency: currency, language: page.language))
                                 })])
            } catch CarnetError.stageRule(let key, let missing) {
                return kit.json(Self.ruleAnswer(stage: key, missing: missing, pipeline: pipeline, language: page.language), status: .unprocessableContent)
            } catch CarnetError.validation(let missing) {
                // Another rule on the move (a module's: a dated next action), answered the same way.
                return kit.json(Self.ruleAnswer(stage: stage, missing: missing, pipeline: pipeline, language: page.language), status: .unprocessableContent)
            } catch let error as CarnetError {
                let status: HTTPResponse.Status = if case .versionConflict = error { .conflict } else { .init(code: Problem(error).status) }
                return kit.json(["message": error.detail], status: status)
            }
        }
    }

    /// The answer to a move a stage rule refused: its message and the fields to fill in place.
    static func ruleAnswer(stage key: String, missing: [FieldError], pipeline: Pipeline, language: Language) -> [String: Any] {
        let name = WebFormat.stageName(pipeline.stage(key), key: key, language)
        let fillable = missing.filter { DealForm.inputType[$0.field] != nil }
        var message = L10n.text("web.rule_missing", language, ["stage": name])
        let other = missing.filter { DealForm.inputType[$0.field] == nil }.map(\.message)
        if !other.isEmpty { message += " " + other.joined(separator: " ") }
        return [
            "message": message,
            "fields": fillable.map { ["name": $0.field, "label": L10n.text($0.field == "title" ? "web.deal_title" : "web.\($0.field)", language), "type": DealForm.inputType[$0.field] ?? "text", "value": ""] },
        ]
    }

    /// A column's count, total and weighted total (amounts in the deals' currency, the
    /// configured one for an empty column).
    static func totals(_ deals: [Deal], currency: String, language: Language) -> [String: Any] {
        let code = deals.first?.currency.code ?? currency
        let total = deals.reduce(Int64(0)) { $0 + ($1.amount ?? 0) }
        let weighted = deals.reduce(Int64(0)) { $0 + ($1.amount ?? 0) * Int64($1.probability) / 100 }
        return ["count": deals.count, "total": MoneyFormat.format(minor: total, currency: code, language),
                "weighted": MoneyFormat.format(minor: weighted, currency: code, language)]
    }

    /// The cards of one column under the board's filters: an owner, a closing month (`2027-03`).
    static func cards(_ services: Services, stage: String, owner: String?, month: String?, _ conn: any SQLConnection) throws -> [Deal] {
        var query = DealQuery(stage: stage, limit: perColumn)
        query.ownerID = owner
        return try services.deals.list(query, conn).items.filter { deal in
            month.map { deal.expectedClose?.description.hasPrefix($0) ?? false } ?? true
        }
    }

    /// The board's data: the stages with their cards and totals, the filters, the help text.
    static func board(_ kit: WebKit, _ page: PageRequest) async throws -> [String: Any] {
        let services = kit.services
        let pipeline = services.context.pipeline
        let owner = page.query("owner")
        let month = page.query("close")
        let (columns, lastActivity, users) = try await services.database.read { conn in
            let columns = try pipeline.stages.map { stage in
                (stage, try Self.cards(services, stage: stage.key, owner: owner, month: month, conn))
            }
            let ids = columns.flatMap { $0.1.filter { $0.closedAt == nil }.map(\.id) }
            var last: [String: Date] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                let rows = try conn.query("SELECT deal_id, MAX(occurred_at) AS at FROM activities WHERE deal_id IN (\(chunk.map { _ in "?" }.joined(separator: ", "))) GROUP BY deal_id",
                                          chunk.map { .text($0) })
                for row in rows { if let id = row.string("deal_id"), let at = row.date("at") { last[id] = at } }
            }
            return (columns, last, try services.users.list(conn))
        }
        let now = services.context.clock.now
        let rules = kit.followUps.agendaRules(pipeline)
        var data = page.layout(title: L10n.text("web.pipeline", page.language), active: "pipeline")
        data["columns"] = columns.map { stage, deals in
            var column = Self.totals(deals, currency: services.context.currency.code, language: page.language)
            column["key"] = stage.key
            column["name"] = WebFormat.stageName(stage, key: stage.key, page.language)
            column["deals"] = deals.map { deal in
                var card = WebFormat.deal(deal, pipeline: pipeline, language: page.language, now: now, zone: kit.followUps.timeZone)
                if deal.closedAt == nil, rules.rotting.status(of: deal, lastActivityAt: lastActivity[deal.id], in: pipeline, now: now)?.isStale == true {
                    card["stale"] = true
                }
                return card
            }
            return column
        }
        data["owners"] = users.filter(\.active).map { ["id": $0.id, "name": $0.name, "selected": $0.id == owner] as [String: Any] }
        data["close"] = month ?? ""
        data["list_view"] = page.query("view") == "list"
        data["stages"] = pipeline.stages.map { ["key": $0.key, "name": WebFormat.stageName($0, key: $0.key, page.language)] }
        return data
    }
}
