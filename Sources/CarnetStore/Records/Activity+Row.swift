import CarnetCore

extension Activity {
    /// The columns of an insert, in the order of `insertBinds`.
    static let insertColumns = [
        "id", "kind", "subject", "body", "contact_id", "deal_id", "company_id", "user_id", "occurred_at", "duration_minutes",
        "version", "created_at",
    ]

    /// The insert of one or many activities, its SQL built once.
    static let insertTarget = InsertTarget("activities", insertColumns)

    /// The values of `insertColumns`.
    var insertBinds: [SQLValue] {
        [
            .text(id), .text(kind.rawValue), .string(subject), .string(body), .string(contactID), .string(dealID), .string(companyID),
            .string(userID), .date(occurredAt), .int(durationMinutes), .int(version), .date(createdAt),
        ]
    }
}
