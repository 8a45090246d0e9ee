import CarnetCore
import CarnetStore
import Foundation

/// Hands new leads nobody called, met or e-mailed within `leadReassignAfter` to the next
/// member of the team, and undoes it on a manager's request.
///
/// The team is the active members and managers, in the order they joined; the turn goes on
/// from whoever was given the last lead. Each reassignment changes the contact's owner
/// through `ContactService` (audit row and `contact.updated` event), logs a note on the
/// contact in the new owner's language, and is recorded once per contact: a lead is never
/// reassigned twice, so an undo sticks.
public struct LeadReassignmentService: Sendable {
    public let services: Services
    public let settings: FollowUpsSettings

    public init(services: Services, settings: FollowUpsSettings) {
        self.services = services
        self.settings = settings
    }

    /// Reassigns the leads that waited too long, in the caller's transaction; returns them.
    @discardableResult
    public func reassignDue(_ conn: any SQLConnection) throws -> [LeadReassignment] {
        guard let after = settings.leadReassignAfter else { return [] }
        let now = services.context.clock.now
        let leads = try conn.query(
            """
            SELECT c.id, c.owner_id FROM contacts c
            WHERE c.owner_id IS NOT NULL AND c.archived_at IS NULL AND c.created_at >= ? AND c.created_at <= ?
            AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = c.id AND a.kind IN ('call', 'meeting', 'email'))
            AND NOT EXISTS (SELECT 1 FROM lead_reassignments r WHERE r.contact_id = c.id)
            ORDER BY c.created_at, c.id LIMIT 500
            """, [.date(now.addingTimeInterval(-settings.leadWindow)), .date(now.addingTimeInterval(-after))]
        ).compactMap { row -> (contactID: String, ownerID: String)? in
            guard let id = row.string("id"), let owner = row.string("owner_id") else { return nil }
            return (id, owner)
        }
        guard !leads.isEmpty else { return [] }
        let users = try services.users.list(conn)
        let team = users.filter { $0.active && ($0.role == .member || $0.role == .manager) }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        let last = try conn.queryOne("SELECT to_user_id FROM lead_reassignments ORDER BY created_at DESC, id DESC LIMIT 1", [])?.string("to_user_id")
        let byID = Dictionary(users.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let days = String(Int((after / 86_400).rounded()))
        var done: [LeadReassignment] = []
        for step in LeadReassignment.plan(leads, team: team, after: last) {
            let reassignment = LeadReassignment(id: EntityID.make("lra", at: now), contactID: step.contactID, fromUserID: step.from, toUserID: step.to, createdAt: now)
            try conn.execute(
                "INSERT INTO lead_reassignments (id, contact_id, from_user_id, to_user_id, created_at) VALUES (?, ?, ?, ?, ?)",
                [.text(reassignment.id), .text(step.contactID), .text(step.from), .text(step.to), .date(now)])
            try setOwner(step.contactID, to: step.to, actor: .system, conn)
            let newOwner = byID[step.to]
            try note(on: step.contactID, L10n.text("lead.reassigned", Language(rawValue: newOwner?.locale ?? "") ?? .en,
                                                   ["from": byID[step.from]?.name ?? step.from, "to": newOwner?.name ?? step.to, "days": days]), conn)
            done.append(reassignment)
        }
        return done
    }

    /// Gives a reassigned lead back to its first owner; 409 when it changed hands since, or was already given back.
    public func undo(_ id: String, actor: Actor, _ conn: any SQLConnection) throws -> LeadReassignment {
        try actor.require(.manage)
        guard var reassignment = try conn.queryOne("SELECT * FROM lead_reassignments WHERE id = ?", [.text(id)]).map(Self.reassignment) else {
            throw CarnetError.notFound(entity: "lead reassignment", id: id)
        }
        guard reassignment.undoneAt == nil else { throw CarnetError.invalidState("This reassignment was already undone.") }
        let contact = try services.contacts.get(reassignment.contactID, conn)
        guard contact.ownerID == reassignment.toUserID else {
            throw CarnetError.invalidState("The lead changed hands since it was reassigned; change its owner directly.")
        }
        let now = services.context.clock.now
        try conn.execute("UPDATE lead_reassignments SET undone_at = ?, undone_by = ? WHERE id = ?", [.date(now), .string(actor.userID), .text(id)])
        reassignment.undoneAt = now
        reassignment.undoneBy = actor.userID
        try setOwner(reassignment.contactID, to: reassignment.fromUserID, actor: actor, conn)
        let first = try? services.users.get(reassignment.fromUserID, conn)
        try note(on: reassignment.contactID, L10n.text("lead.reassignment_undone", Language(rawValue: first?.locale ?? "") ?? .en,
                                                       ["by": actor.name, "from": first?.name ?? reassignment.fromUserID]), conn)
        return reassignment
    }

    /// The latest reassignments, newest first.
    public func list(limit: Int, _ conn: any SQLConnection) throws -> [LeadReassignment] {
        try conn.query("SELECT * FROM lead_reassignments ORDER BY created_at DESC, id DESC LIMIT ?", [.int(limit)]).map(Self.reassignment)
    }

    private func setOwner(_ contactID: String, to owner: String, actor: Actor, _ conn: any SQLConnection) throws {
        var patch = ContactPatch()
        patch.ownerID = owner
        _ = try services.contacts.update(contactID, patch, expectedVersion: nil, actor: actor, conn)
    }

    private func note(on contactID: String, _ text: String, _ conn: any SQLConnection) throws {
        var input = ActivityInput(kind: .note)
        input.contactID = contactID
        input.subject = text
        _ = try services.activities.create(input, actor: .system, conn)
    }

    static func reassignment(_ row: SQLRow) -> LeadReassignment {
        LeadReassignment(id: row.string("id") ?? "", contactID: row.string("contact_id") ?? "", fromUserID: row.string("from_user_id") ?? "",
                         toUserID: row.string("to_user_id") ?? "", createdAt: row.date("created_at") ?? .distantPast,
                         undoneAt: row.date("undone_at"), undoneBy: row.string("undone_by"))
    }
}
