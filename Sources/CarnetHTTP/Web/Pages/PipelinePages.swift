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
                let filters = Self.filters(owner: page.form["filter_owner"], month: page.form["filter_close"])
                let (deal, totals) = try await kit.services.database.write { conn in
                    let deal = try kit.services.deals.update(id, input, expectedVersion: version, actor: page.actor, conn)
                    return (deal, try kit.services.deals.stageTotals(filters, conn))
                }
                let title = deal.title, name = WebFormat.stageName(pipeline.stage(stage), key: stage, page.language)
                let currency = kit.services.context.currency.code
                return kit.json(["version": deal.version, "stage": deal.stage,
                                 "message": L10n.text("web.deal_moved", page.language, ["title": title, "stage": name]),
                                 "columns": Dictionary(uniqueKeysWithValues: pipeline.stages.map { stage in
                                     (stage.key, Self.totals(totals[stage.key] ?? StageTotal(), currency: currency, language: page.language))
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

    /// A column's count, total and weighted total, one sum per currency ("12 000 € + 3 000 $"),
    /// the configured currency for an empty column.
    static func totals(_ total: StageTotal, currency: String, language: Language) -> [String: Any] {
        func format(_ sums: [String: Int64]) -> String {
            let sums = sums.isEmpty ? [currency: 0] : sums
            return sums.keys.sorted().map { MoneyFormat.format(minor: sums[$0] ?? 0, currency: $0, language) }.joined(separator: " + ")
        }
        return ["count": total.deals, "total": format(total.amounts), "weighted": format(total.weighted)]
    }

    /// The board's filters as a deal query: an owner, a closing month (`2027-03`; anything else
    /// filters nothing, as a month input sends nothing else).
    static func filters(owner: String?, month: String?) -> DealQuery {
        var query = DealQuery(limit: perColumn)
        query.ownerID = owner?.nilIfEmpty
        if let month, month.count == 7, let first = LocalDate(month + "-01") {
            let next = first.month == 12 ? (first.year + 1, 1) : (first.year, first.month + 1)
            query.closingFrom = first
            query.closingBefore = LocalDate(String(format: "%04d-%02d-01", next.0, next.1))
        }
        return query
    }

    /// The board's data: the stages with their cards and totals, the filters, the help text.
    static func board(_ kit: WebKit, _ page: PageRequest) async throws -> [String: Any] {
        let services = kit.services
        let pipeline = services.context.pipeline
        let owner = page.query("owner")
        let month = page.query("close")
        let filters = Self.filters(owner: owner, month: month)
        let listView = page.query("view") == "list"
        // The list view pages through one stage when asked to: the board shows the first cards of each.
        let only = listView ? page.query("stage").flatMap { pipeline.stage($0) } : nil
        let (pages, totals, lastActivity, users) = try await services.database.read { conn in
            let pages = try (only.map { [$0] } ?? pipeline.stages).map { stage in
                var query = filters
                query.stage = stage.key
                query.cursor = only == nil ? nil : page.query("cursor")
                return (stage, try services.deals.list(query, conn))
            }
            let ids = pages.flatMap { $0.1.items.filter { $0.closedAt == nil }.map(\.id) }
            var last: [String: Date] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                let rows = try conn.query("SELECT deal_id, MAX(occurred_at) AS at FROM activities WHERE deal_id IN (\(chunk.map { _ in "?" }.joined(separator: ", "))) GROUP BY deal_id",
                                          chunk.map { .text($0) })
                for row in rows { if let id = row.string("deal_id"), let at = row.date("at") { last[id] = at } }
            }
            return (pages, try services.deals.stageTotals(filters, conn), last, try services.users.list(conn))
        }
        let columns = pages.map { ($0.0, $0.1.items) }
        let link = { (stage: String, cursor: String?) in
            let query = [("view", "list"), ("stage", stage), ("owner", owner), ("close", month), ("cursor", cursor)]
                .compactMap { name, value in value.map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" } }
            return "/pipeline?" + query.joined(separator: "&")
        }
        let now = services.context.clock.now
        let rules = kit.followUps.agendaRules(pipeline)
        var data = page.layout(title: L10n.text("web.pipeline", page.language), active: "pipeline")
        data["columns"] = columns.map { stage, deals in
            let total = totals[stage.key] ?? StageTotal()
            var column = Self.totals(total, currency: services.context.currency.code, language: page.language)
            if only == nil, total.deals > deals.count { column["more"] = ["count": String(total.deals - deals.count), "href": link(stage.key, nil)] }
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
        data["list_view"] = listView
        if let only, let cursor = pages.first?.1.nextCursor { data["next"] = link(only.key, cursor) }
        data["stages"] = pipeline.stages.map { ["key": $0.key, "name": WebFormat.stageName($0, key: $0.key, page.language)] }
        return data
    }
}
