import Foundation

/// A new lead handed to another member of the team because its owner did not contact it in
/// time; undoable by a manager, and never made twice for one contact.
public struct LeadReassignment: Sendable, Equatable, Codable, Identifiable {
    public var id: String
    public var contactID: String
    public var fromUserID: String
    public var toUserID: String
    public var createdAt: Date
    public var undoneAt: Date?
    public var undoneBy: String?

    public init(id: String, contactID: String, fromUserID: String, toUserID: String, createdAt: Date, undoneAt: Date? = nil, undoneBy: String? = nil) {
        self.id = id
        self.contactID = contactID
        self.fromUserID = fromUserID
        self.toUserID = toUserID
        self.createdAt = createdAt
        self.undoneAt = undoneAt
        self.undoneBy = undoneBy
    }

    enum CodingKeys: String, CodingKey {
        case id, contactID = "contact_id", fromUserID = "from_user_id", toUserID = "to_user_id", createdAt = "created_at"
        case undoneAt = "undone_at", undoneBy = "undone_by"
    }

    /// The activity kinds that count as contacting a lead: a note about it does not.
    public static let contactKinds: [ActivityKind] = [.call, .meeting, .email]

    /// Who takes each of `leads` (contact id and current owner, oldest first), in turn among
    /// `team` after `lastAssignedID`, never its own owner; leads nobody can take are left out.
    public static func plan(_ leads: [(contactID: String, ownerID: String)], team: [User], after lastAssignedID: String?) -> [(contactID: String, from: String, to: String)] {
        var last = lastAssignedID
        var result: [(contactID: String, from: String, to: String)] = []
        for lead in leads {
            guard let next = RoundRobin.nextAssignee(in: team, after: last, skipping: lead.ownerID) else { continue }
            result.append((lead.contactID, lead.ownerID, next))
            last = next
        }
        return result
    }
}
