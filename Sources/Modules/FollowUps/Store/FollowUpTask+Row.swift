import CarnetCore
import CarnetStore
import Foundation

extension FollowUpTask {
    /// The insert of one task or many (`SQLConnection.insert`), values from `insertBinds`.
    public static let insertTarget = InsertTarget("tasks", [
        "id", "title", "due_at", "contact_id", "deal_id", "company_id", "assignee_id", "priority", "status", "snoozed_until",
        "outcome", "completed_at", "version", "created_at", "updated_at",
    ])

    static let updateSQL = """
        UPDATE tasks SET title = ?, due_at = ?, contact_id = ?, deal_id = ?, company_id = ?, assignee_id = ?, priority = ?,
            status = ?, snoozed_until = ?, outcome = ?, completed_at = ?, version = ?, created_at = ?, updated_at = ?
        WHERE id = ? AND version = ?
        """

    /// The values of `insertTarget`'s columns, in order.
    public var insertBinds: [SQLValue] {
        [.text(id)] + fieldBinds
    }

    /// The values of `updateSQL`, ending with the id and the version the row must still have.
    func updateBinds(expectedVersion: Int) -> [SQLValue] {
        fieldBinds + [.text(id), .int(expectedVersion)]
    }

    private var fieldBinds: [SQLValue] {
        [.text(title), .date(dueAt), .string(contactID), .string(dealID), .string(companyID), .text(assigneeID),
         .text(priority.rawValue), .text(status.rawValue), .date(snoozedUntil), .string(outcome), .date(completedAt),
         .int(version), .date(createdAt), .date(updatedAt)]
    }

    init(row: SQLRow) {
        let created = row.date("created_at") ?? Date(timeIntervalSince1970: 0)
        self.init(id: row.string("id") ?? "", title: row.string("title") ?? "", dueAt: row.date("due_at") ?? created,
                  assigneeID: row.string("assignee_id") ?? "", priority: row.string("priority").flatMap(TaskPriority.init(rawValue:)) ?? .normal,
                  at: created)
        contactID = row.string("contact_id")
        dealID = row.string("deal_id")
        companyID = row.string("company_id")
        status = row.string("status").flatMap(TaskStatus.init(rawValue:)) ?? .open
        snoozedUntil = row.date("snoozed_until")
        outcome = row.string("outcome")
        completedAt = row.date("completed_at")
        version = row.int("version") ?? 1
        updatedAt = row.date("updated_at") ?? created
    }
}
