import Foundation

/// A sale in progress, moving through the stages of a pipeline.
public struct Deal: Sendable, Equatable, Codable, Identifiable {
    public var id: String
    public var title: String
    public var contactID: String?
    public var companyID: String?
    public var ownerID: String?
    /// In minor units of `currency` (cents for EUR).
    public var amount: Int64?
    public var currency: CurrencyCode
    public var pipeline: String
    public var stage: String
    /// The win probability in percent: the stage's unless `probabilityOverride` is set.
    public var probability: Int
    public var probabilityOverride: Int?
    public var expectedClose: LocalDate?
    /// What happens next, in words ("send the revised quote").
    public var nextAction: String?
    /// When the next action is due.
    public var nextActionAt: Date?
    public var lostReason: String?
    public var customFields: [String: JSONValue]
    public var stageChangedAt: Date
    /// Set when the deal enters a won or lost stage, cleared when it re-opens.
    public var closedAt: Date?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var archivedAt: Date?

    public init(id: String, pipeline: Pipeline, currency: CurrencyCode, at now: Date) {
        self.id = id
        title = ""
        self.currency = currency
        self.pipeline = pipeline.key
        stage = pipeline.stages.first?.key ?? "lead"
        probability = pipeline.stages.first?.probability ?? 0
        customFields = [:]
        stageChangedAt = now
        version = 1
        createdAt = now
        updatedAt = now
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, title, contactID = "contact_id", companyID = "company_id", ownerID = "owner_id", amount, currency
        case pipeline, stage, probability, probabilityOverride = "probability_override"
        case expectedClose = "expected_close", nextAction = "next_action", nextActionAt = "next_action_at"
        case lostReason = "lost_reason", customFields = "custom_fields", stageChangedAt = "stage_changed_at"
        case closedAt = "closed_at", version, createdAt = "created_at", updatedAt = "updated_at", archivedAt = "archived_at"
    }

    /// Writes every field, `null` included, so the API's JSON always has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(contactID, forKey: .contactID)
        try c.encode(companyID, forKey: .companyID)
        try c.encode(ownerID, forKey: .ownerID)
        try c.encode(amount, forKey: .amount)
        try c.encode(currency, forKey: .currency)
        try c.encode(pipeline, forKey: .pipeline)
        try c.encode(stage, forKey: .stage)
        try c.encode(probability, forKey: .probability)
        try c.encode(probabilityOverride, forKey: .probabilityOverride)
        try c.encode(expectedClose, forKey: .expectedClose)
        try c.encode(nextAction, forKey: .nextAction)
        try c.encode(nextActionAt, forKey: .nextActionAt)
        try c.encode(lostReason, forKey: .lostReason)
        try c.encode(customFields, forKey: .customFields)
        try c.encode(stageChangedAt, forKey: .stageChangedAt)
        try c.encode(closedAt, forKey: .closedAt)
        try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(archivedAt, forKey: .archivedAt)
    }

    /// Whether a stage-rule field name (`amount`, `custom.need`) has a value on this deal.
    public func hasValue(forRuleField field: String) -> Bool {
        switch field {
        case "contact", "contact_id": contactID != nil
        case "company", "company_id": companyID != nil
        case "owner", "owner_id": ownerID != nil
        case "amount": (amount ?? 0) > 0
        case "currency": true
        case "expected_close": expectedClose != nil
        case "next_action": !(nextAction ?? "").isBlank
        case "next_action_at": nextActionAt != nil
        case "lost_reason": !(lostReason ?? "").isBlank
        case "title": !title.isBlank
        default:
            if field.hasPrefix("custom.") { customFields[String(field.dropFirst(7))]?.isPresent ?? false } else { false }
        }
    }
}

/// A partial change to a deal: the body of `POST` and `PATCH /api/v1/deals`.
/// `{"stage": "won"}` moves the deal; `probability` sets an override (`null` returns to the stage's).
public struct DealPatch: Sendable, Decodable {
    public var title: String?
    public var stage: String?
    public var contactID, companyID, ownerID, nextAction, lostReason: String??
    public var amount: Int64??
    public var currency: CurrencyCode?
    public var probability: Int??
    public var expectedClose: LocalDate??
    public var nextActionAt: Date??
    public var customFields: [String: JSONValue]??
    public var version: Int?

    public init() {}

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: Deal.CodingKeys.self)
        let c = try decoder.container(keyedBy: Deal.CodingKeys.self)
        title = try c.patch(String.self, forKey: .title).map { $0 ?? "" }
        stage = try c.decodeIfPresent(String.self, forKey: .stage)
        contactID = try c.patch(String.self, forKey: .contactID)
        companyID = try c.patch(String.self, forKey: .companyID)
        ownerID = try c.patch(String.self, forKey: .ownerID)
        nextAction = try c.patch(String.self, forKey: .nextAction)
        lostReason = try c.patch(String.self, forKey: .lostReason)
        amount = try c.patch(Int64.self, forKey: .amount)
        currency = try c.decodeIfPresent(CurrencyCode.self, forKey: .currency)
        probability = try c.patch(Int.self, forKey: .probability)
        if probability == nil { probability = try c.patch(Int.self, forKey: .probabilityOverride) }
        expectedClose = try c.patch(LocalDate.self, forKey: .expectedClose)
        nextActionAt = try c.patch(Date.self, forKey: .nextActionAt)
        customFields = try c.patch([String: JSONValue].self, forKey: .customFields)
        version = try c.decodeIfPresent(Int.self, forKey: .version)
    }
}
