/// What a segment condition does with its field's value: `{"field": "region", "op": "eq", "value": "Bretagne"}`.
public enum FilterOperator: String, Sendable, Codable, CaseIterable {
    case eq, ne, `in`, contains, startsWith = "starts_with", gt, gte, lt, lte, before, after, withinDays = "within_days", isEmpty = "is_empty"
    /// A tag the contact has (`has`) or has not (`has_not`).
    case has, hasNot = "has_not"
}
