/// Hands leads out in turn among a team, as when a hot lead waited too long and is reassigned.
public enum RoundRobin {
    /// The id of the next active member after `lastAssignedID` in `team`'s order, wrapping
    /// around and skipping `ownerID` (the lead's current owner, who let it wait).
    ///
    /// When the last assignee has left the team the turn starts from the top. Nil when no
    /// active member other than the owner is left.
    public static func nextAssignee(in team: [User], after lastAssignedID: String?, skipping ownerID: String?) -> String? {
        guard !team.isEmpty else { return nil }
        let start = lastAssignedID.flatMap { last in team.firstIndex { $0.id == last } } ?? team.count - 1
        for step in 1...team.count {
            let member = team[(start + step) % team.count]
            if member.active && member.id != ownerID { return member.id }
        }
        return nil
    }
}
