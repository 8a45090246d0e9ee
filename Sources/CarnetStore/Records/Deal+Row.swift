import CarnetCore
import Foundation

extension Deal {
    /// The columns of an insert: the id, then those of `fieldBinds`.
    static let insertColumns = [
        "id", "title", "title_key", "contact_id", "company_id", "owner_id", "amount", "currency", "pipeline", "stage", "probability",
        "probability_override", "expected_close", "next_action", "next_action_at", "lost_reason", "custom_fields", "stage_changed_at",
        "closed_at", "version", "created_at", "updated_at", "archived_at",
    ]

    /// The insert of one or many deals, its SQL built once.
    static let insertTarget = InsertTarget("deals", insertColumns)

    static let updateSQL = """
        UPDATE deals SET title = ?, title_key = ?, contact_id = ?, company_id = ?, owner_id = ?, amount = ?, currency = ?,
            pipeline = ?, stage = ?, probability = ?, probability_override = ?, expected_close = ?, next_action = ?,
            next_action_at = ?, lost_reason = ?, custom_fields = ?, stage_changed_at = ?, closed_at = ?, version = ?,
            created_at = ?, updated_at = ?, archived_at = ?
        WHERE id = ? AND version = ?
        """

    var fieldBinds: [SQLValue] {
        [
            .text(title), .text(SearchKey.fold(title)), .string(contactID), .string(companyID), .string(ownerID), .int(amount),
            .text(currency.code), .text(pipeline), .text(stage), .int(probability), .int(probabilityOverride),
            .string(expectedClose?.description), .string(nextAction), .date(nextActionAt), .string(lostReason), .json(customFields),
            .date(stageChangedAt), .date(closedAt), .int(version), .date(createdAt), .date(updatedAt), .date(archivedAt),
        ]
    }

    /// A deal from a `SELECT *` row of `deals`; its probability follows `pipeline` unless overridden.
    public init(row: SQLRow, pipeline: Pipeline) {
        self.init(id: row.string("id") ?? "", pipeline: pipeline, currency: row.string("currency").flatMap(CurrencyCode.init) ?? .eur,
                  at: row.date("created_at") ?? Date(timeIntervalSince1970: 0))
        title = row.string("title") ?? ""
        contactID = row.string("contact_id")
        companyID = row.string("company_id")
        ownerID = row.string("owner_id")
        amount = row.int64("amount")
        self.pipeline = row.string("pipeline") ?? pipeline.key
        stage = row.string("stage") ?? stage
        probability = row.int("probability") ?? 0
        probabilityOverride = row.int("probability_override")
        expectedClose = row.string("expected_close").flatMap(LocalDate.init)
        nextAction = row.string("next_action")
        nextActionAt = row.date("next_action_at")
        lostReason = row.string("lost_reason")
        customFields = row.fields("custom_fields")
        stageChangedAt = row.date("stage_changed_at") ?? createdAt
        closedAt = row.date("closed_at")
        version = row.int("version") ?? 1
        updatedAt = row.date("updated_at") ?? createdAt
        archivedAt = row.date("archived_at")
    }
}
