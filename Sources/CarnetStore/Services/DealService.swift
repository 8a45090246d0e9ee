import CarnetCore
import Foundation

/// Filters of `GET /api/v1/deals`.
public struct DealQuery: Sendable {
    /// A prefix of the deal's title.
    public var prefix: String?
    public var stage: String?
    public var ownerID: String?
    public var contactID: String?
    public var companyID: String?
    /// Deals expected to close on or after this day…
    public var closingFrom: LocalDate?
    /// …and before this one.
    public var closingBefore: LocalDate?
    public var archived = false
    /// Rows per page, kept within 1...200.
    public var limit = Limits.defaultPageSize {
        didSet { limit = Limits.clampPage(limit) }
    }
    public var cursor: String?

    public init(stage: String? = nil, limit: Int = Limits.defaultPageSize, cursor: String? = nil) {
        self.stage = stage
        self.limit = Limits.clampPage(limit)
        self.cursor = cursor
    }
}

/// One entry of a deal's stage history.
public struct StageMove: Sendable, Equatable, Encodable {
    public var from: String?
    public var to: String
    public var actorID: String?
    public var at: Date

    enum CodingKeys: String, CodingKey {
        case from, to, actorID = "actor_id", at
    }

    /// Writes every key, `from: null` on the first entry included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(actorID, forKey: .actorID)
        try c.encode(at, forKey: .at)
    }
}

/// Deals: create, change, move through stages (checking each stage's entry rule), list, archive.
public struct DealService: Sendable {
    public let context: ServiceContext
    /// Which modules are on, for the deal rules they add (`CarnetModule.dealRules`).
    let modules: ModuleStateService
    var log: ChangeLog { ChangeLog(clock: context.clock) }
    var workflow: DealWorkflow { DealWorkflow(pipeline: context.pipeline) }

    public init(context: ServiceContext, modules: ModuleStateService) {
        self.context = context
        self.modules = modules
    }

    /// Creates a deal; its stage (the first unless given) must accept it.
    public func create(_ patch: DealPatch, actor: Actor, _ conn: any SQLConnection) throws -> Deal {
        try createWithJSON(patch, actor: actor, conn).entity
    }

    /// Creates a deal as `create` does; returns it with its JSON, for the API's answer.
    public func createWithJSON(_ patch: DealPatch, actor: Actor, _ conn: any SQLConnection) throws -> Created<Deal> {
        try actor.require(.write)
        let now = context.clock.now
        var blank = Deal(id: EntityID.make(IDPrefix.deal, at: now), pipeline: context.pipeline, currency: context.currency, at: now)
        blank.ownerID = actor.userID
        var deal = try workflow.apply(patch, to: blank, isNew: true, loggedActivities: [], at: now)
        if let fields = try context.hooks.run([EventType.created("deal")] + closingEventTypes(deal), entity: "deal", id: deal.id, record: deal,
                                              previous: nil, actor: actor, conn) {
            deal = try workflow.apply(try HookPoint.decode(DealPatch.self, from: fields), to: deal, isNew: true, loggedActivities: [], at: now)
        }
        try checkModuleRules(deal, previous: nil, conn)
        try checkReferences(deal, previous: nil, conn)
        try conn.insert(into: Deal.insertTarget, values: [.text(deal.id)] + deal.fieldBinds)
        try recordStageMove(deal, from: nil, actor: actor, conn)
        let json = try log.created(EventType.created("deal"), entity: "deal", id: deal.id, row: deal, actor: actor, conn)
        try closingEvent(deal, actor: actor, conn)
        return Created(entity: deal, json: json)
    }

    public func get(_ id: String, _ conn: any SQLConnection) throws -> Deal {
        guard let row = try conn.queryOne("SELECT * FROM deals WHERE id = ?", [.text(id)]) else {
            throw CarnetError.notFound(entity: "deal", id: id)
        }
        return Deal(row: row, pipeline: context.pipeline)
    }

    /// Applies a patch; `stage` in it moves the deal if the new stage's rule passes (422 naming what is missing).
    public func update(_ id: String, _ patch: DealPatch, expectedVersion: Int?, actor: Actor, _ conn: any SQLConnection) throws -> Deal {
        try actor.require(.write)
        let current = try get(id, conn)
        try requireVersion(entity: "deal", id: id, actual: current.version, expected: expectedVersion ?? patch.version)
        let moving = patch.stage.map { $0 != current.stage } ?? false
        let logged = moving ? try loggedActivityKinds(id, conn) : []
        let now = context.clock.now
        var deal = try workflow.apply(patch, to: current, isNew: false, loggedActivities: logged, at: now)
        let previous = JSONValue.of(current)
        let after = JSONValue.of(deal)
        var changes = FieldChange.between(previous, after)
        guard !changes.isEmpty else { return current }
        let events = [EventType.updated("deal")] + (moving ? [EventType.dealStageChanged] + closingEventTypes(deal) : [])
        if let fields = try context.hooks.run(events, entity: "deal", id: id, record: after, previous: previous, actor: actor, conn) {
            deal = try workflow.apply(try HookPoint.decode(DealPatch.self, from: fields), to: deal, isNew: false, loggedActivities: logged, at: now)
            changes = FieldChange.between(current, deal)
        }
        try checkModuleRules(deal, previous: current, conn)
        try checkReferences(deal, previous: current, conn)
        deal.version = current.version + 1
        guard try conn.execute(Deal.updateSQL, deal.fieldBinds + [.text(id), .int(current.version)]) == 1 else {
            throw CarnetError.versionConflict(entity: "deal", id: id, expected: current.version, actual: try get(id, conn).version)
        }
        try log.audit(changes, entity: "deal", id: id, actor: actor, conn)
        try log.event(EventType.updated("deal"), entity: "deal", id: id, actor: actor, payload: FieldChange.payload(changes), conn)
        if moving {
            try recordStageMove(deal, from: current.stage, actor: actor, conn)
            try log.event(EventType.dealStageChanged, entity: "deal", id: id, actor: actor,
                          payload: .object(["from": .string(current.stage), "to": .string(deal.stage)]), conn)
            try closingEvent(deal, actor: actor, conn)
        }
        return deal
    }

    /// Archives or restores a deal.
    public func setArchived(_ id: String, _ archive: Bool, expectedVersion: Int?, actor: Actor, _ conn: any SQLConnection) throws -> Deal {
        try actor.require(archive ? .write : .manage)
        return try log.setArchived(try get(id, conn), archive, expectedVersion: expectedVersion, table: "deals", entity: "deal", actor: actor, conn)
    }

    public func list(_ query: DealQuery, _ conn: any SQLConnection) throws -> Page<Deal> {
        var (sql, binds) = filter(query)
        sql = "SELECT * FROM deals WHERE " + sql
        if let cursor = query.cursor {
            let values = try Cursor.decode(cursor, count: 1)
            sql += " AND id > ?"
            binds.append(.text(values[0]))
        }
        sql += " ORDER BY id LIMIT ?"
        binds.append(.int(query.limit + 1))
        let rows = try conn.query(sql, binds)
        let items = rows.prefix(query.limit).map { Deal(row: $0, pipeline: context.pipeline) }
        return Page(items: items, nextCursor: rows.count > query.limit ? Cursor.encode([items.last?.id ?? ""]) : nil)
    }

    /// What each stage of the pipeline adds up to under the query's filters (its stage, cursor
    /// and limit aside), summed by the database: a board's totals stay true past the cards it shows.
    public func stageTotals(_ query: DealQuery, _ conn: any SQLConnection) throws -> [String: StageTotal] {
        var unstaged = query
        unstaged.stage = nil
        let (condition, binds) = filter(unstaged)
        let rows = try conn.query("""
            SELECT stage, currency, COUNT(*) AS deals, CAST(SUM(amount) AS BIGINT) AS amount,
                   CAST(SUM(amount * probability) AS BIGINT) AS weighted
            FROM deals WHERE pipeline = ? AND \(condition) GROUP BY stage, currency
            """, [.text(context.pipeline.key)] + binds)
        var totals: [String: StageTotal] = [:]
        for row in rows {
            guard let stage = row.string("stage"), let currency = row.string("currency") else { continue }
            totals[stage, default: StageTotal()].add(currency: currency, deals: row.int("deals") ?? 0,
                                                    amount: Int64(row.int("amount") ?? 0), weightedPercent: Int64(row.int("weighted") ?? 0))
        }
        return totals
    }

    /// The WHERE clause of a query's filters, without its cursor.
    private func filter(_ query: DealQuery) -> (String, [SQLValue]) {
        var sql = query.archived ? "archived_at IS NOT NULL" : "archived_at IS NULL"
        var binds: [SQLValue] = []
        if let prefix = query.prefix.map(SearchKey.fold), !prefix.isEmpty {
            sql += " AND title_key >= ? AND title_key < ?"
            binds += [.text(prefix), .text(SearchKey.upperBound(ofPrefix: prefix))]
        }
        if let stage = query.stage { sql += " AND pipeline = ? AND stage = ?"; binds += [.text(context.pipeline.key), .text(stage)] }
        if let owner = query.ownerID { sql += " AND owner_id = ?"; binds.append(.text(owner)) }
        if let contact = query.contactID { sql += " AND contact_id = ?"; binds.append(.text(contact)) }
        if let company = query.companyID { sql += " AND company_id = ?"; binds.append(.text(company)) }
        if let from = query.closingFrom { sql += " AND expected_close >= ?"; binds.append(.text(from.description)) }
        if let before = query.closingBefore { sql += " AND expected_close < ?"; binds.append(.text(before.description)) }
        return (sql, binds)
    }

    /// The stages a deal went through, oldest first.
    public func stageHistory(_ id: String, _ conn: any SQLConnection) throws -> [StageMove] {
        try conn.query("SELECT * FROM deal_stage_history WHERE deal_id = ? ORDER BY at, id", [.text(id)]).map { row in
            StageMove(from: row.string("from_stage"), to: row.string("to_stage") ?? "", actorID: row.string("actor_id"),
                      at: row.date("at") ?? Date(timeIntervalSince1970: 0))
        }
    }

    /// The kinds of activity logged on a deal, for stage rules that require one.
    func loggedActivityKinds(_ dealID: String, _ conn: any SQLConnection) throws -> Set<ActivityKind> {
        Set(try conn.query("SELECT DISTINCT kind FROM activities WHERE deal_id = ?", [.text(dealID)]).compactMap { row in
            row.string("kind").flatMap(ActivityKind.init(rawValue:))
        })
    }

    private func recordStageMove(_ deal: Deal, from: String?, actor: Actor, _ conn: any SQLConnection) throws {
        if from != nil {
            try conn.execute("UPDATE deal_stage_history SET next_stage = ?, left_at = ? WHERE deal_id = ? AND left_at IS NULL",
                             [.text(deal.stage), .date(deal.stageChangedAt), .text(deal.id)])
        }
        let move = StageHistoryRow(id: EntityID.make("stg", at: deal.stageChangedAt), dealID: deal.id, from: from, to: deal.stage,
                             actorID: actor.userID, at: deal.stageChangedAt, nextStage: nil, leftAt: nil)
        try conn.insert(into: StageHistoryRow.insertTarget, values: move.insertBinds)
    }

    /// `deal.won` or `deal.lost` when the deal's stage closes it, for the before-hooks.
    private func closingEventTypes(_ deal: Deal) -> [String] {
        switch context.pipeline.stage(deal.stage)?.outcome {
        case .won: [EventType.dealWon]
        case .lost: [EventType.dealLost]
        default: []
        }
    }

    private func closingEvent(_ deal: Deal, actor: Actor, _ conn: any SQLConnection) throws {
        switch context.pipeline.stage(deal.stage)?.outcome {
        case .won: try log.event(EventType.dealWon, entity: "deal", id: deal.id, actor: actor, payload: .object(["amount": deal.amount.map { .number(Double($0)) } ?? .null, "currency": .string(deal.currency.code)]), conn)
        case .lost: try log.event(EventType.dealLost, entity: "deal", id: deal.id, actor: actor, payload: .object(["lost_reason": .string(deal.lostReason ?? "")]), conn)
        default: break
        }
    }

    /// Asks the rules of the enabled modules; reads the `modules` table only when a
    /// compiled module has deal rules.
    private func checkModuleRules(_ deal: Deal, previous: Deal?, _ conn: any SQLConnection) throws {
        let withRules = modules.catalog.modules.filter { !$0.dealRules.isEmpty }
        guard !withRules.isEmpty else { return }
        let enabled = try modules.enabled(conn)
        let problems = withRules.filter { enabled.contains($0.id) }.flatMap { module in
            module.dealRules.flatMap { $0.problems(with: deal, previous: previous, pipeline: context.pipeline) }
        }
        if !problems.isEmpty { throw CarnetError.validation(problems) }
    }

    /// Checks the links that changed; a link kept to a row archived since stays valid.
    private func checkReferences(_ deal: Deal, previous: Deal?, _ conn: any SQLConnection) throws {
        var references = References(conn)
        if deal.contactID != previous?.contactID {
            try references.require(deal.contactID, in: "contacts", field: "contact_id", entity: "contact")
        }
        if deal.companyID != previous?.companyID {
            try references.require(deal.companyID, in: "companies", field: "company_id", entity: "company")
        }
        if deal.ownerID != previous?.ownerID {
            try references.require(deal.ownerID, in: "users", field: "owner_id", entity: "user")
        }
        try references.check()
    }
}
