import CarnetCore
import Foundation

/// One row of `deal_stage_history`: a deal entering `to` (from `from`, nil for a new deal), and
/// once it has moved on, where it went next and when (`nextStage`, `leftAt`).
struct StageHistoryRow {
    var id: String
    var dealID: String
    var from: String?
    var to: String
    var actorID: String?
    var at: Date
    var nextStage: String?
    var leftAt: Date?

    /// The insert of one or many moves, its SQL built once.
    static let insertTarget = InsertTarget("deal_stage_history", ["id", "deal_id", "from_stage", "to_stage", "actor_id", "at", "next_stage", "left_at"])

    /// The values of the insert's columns.
    var insertBinds: [SQLValue] {
        [.text(id), .text(dealID), .string(from), .text(to), .string(actorID), .date(at), .string(nextStage), .date(leftAt)]
    }
}
