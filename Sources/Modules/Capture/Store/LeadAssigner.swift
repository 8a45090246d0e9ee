import CarnetCore
import CarnetStore
import Foundation

/// Picks a new lead's owner: the first live rule that matches and has an active user to give
/// it to, else the configured fallback owner, else nobody. A `plugin` rule asks its plugin's
/// function; a plugin that answers nil, someone who is not an active user, or fails (its run
/// is in the plugin's runs log) passes the lead to the next rule, so capture never stops.
///
/// Loaded once per transaction (rules and users are short lists), so a bulk capture reads them
/// once. A round-robin rule's turn is a row of `capture_turns`, locked (`FOR UPDATE` on
/// PostgreSQL; SQLite's writer is exclusive) and moved in the capturing transaction, so two
/// instances never give two leads the same turn.
struct LeadAssigner {
    let rules: [AssignmentRule]
    let users: [String: User]
    /// Active members and managers in the order they joined: the round-robin team of a rule without `user_ids`.
    let team: [User]
    let fallbackID: String?
    let clock: any CarnetClock
    let hooks: HookPoint

    init(services: Services, settings: CaptureSettings, _ conn: any SQLConnection) throws {
        rules = try AssignmentRuleService(context: services.context).live(conn)
        let all = try services.users.list(conn)
        users = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        team = all.filter { $0.active && ($0.role == .member || $0.role == .manager) }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        fallbackID = settings.fallbackOwner.flatMap { email in all.first { $0.active && $0.email.lowercased() == email.lowercased() }?.id }
        clock = services.context.clock
        hooks = services.context.hooks
    }

    /// The owner of a lead with these facts; nil when no rule, and no fallback, gives one.
    /// `argument` is what a plugin rule's function gets: the lead as JSON.
    func owner(for lead: LeadFacts, argument: () -> JSONValue, _ conn: any SQLConnection) throws -> String? {
        for rule in rules where rule.matches(lead) {
            switch rule.kind {
            case .territory, .industry:
                if let owner = rule.ownerID, users[owner]?.active == true { return owner }
            case .roundRobin:
                if let owner = try nextInTurn(rule, conn) { return owner }
            case .plugin:
                if let owner = try asked(rule, argument(), conn) { return owner }
            }
        }
        return fallbackID
    }

    /// The active user a plugin rule's function names by id or e-mail, if any.
    private func asked(_ rule: AssignmentRule, _ argument: JSONValue, _ conn: any SQLConnection) throws -> String? {
        guard let plugin = rule.plugin else { return nil }
        let answer: JSONValue
        do {
            answer = try hooks.call(plugin: plugin, function: rule.function ?? AssignmentRule.defaultFunction, argument: argument, actor: .system, conn)
        } catch is CarnetError {
            return nil
        }
        guard case .string(let named) = answer else { return nil }
        if let user = users[named], user.active { return user.id }
        return users.values.first { $0.active && $0.email.caseInsensitiveCompare(named) == .orderedSame }?.id
    }

    private func nextInTurn(_ rule: AssignmentRule, _ conn: any SQLConnection) throws -> String? {
        let members = rule.userIDs.isEmpty ? team : rule.userIDs.compactMap { users[$0] }
        guard members.contains(where: \.active) else { return nil }
        try conn.execute("INSERT INTO capture_turns (rule_id, last_user_id, updated_at) VALUES (?, NULL, ?) ON CONFLICT (rule_id) DO NOTHING",
                         [.text(rule.id), .date(clock.now)])
        let last = try conn.queryOne("SELECT last_user_id FROM capture_turns WHERE rule_id = ?\(conn.dialect.forUpdate)", [.text(rule.id)])?
            .string("last_user_id")
        guard let next = RoundRobin.nextAssignee(in: members, after: last, skipping: nil) else { return nil }
        try conn.execute("UPDATE capture_turns SET last_user_id = ?, updated_at = ? WHERE rule_id = ?", [.text(next), .date(clock.now), .text(rule.id)])
        return next
    }

    /// The language of a user's texts, English when there is no such user.
    func language(of userID: String?) -> Language {
        Language(locale: userID.flatMap { users[$0]?.locale } ?? "en")
    }
}
