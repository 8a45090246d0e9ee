import CarnetCore

/// The answer of a bulk capture: counts, and what became of each badge in order.
public struct BulkCaptureResult: Sendable, Encodable {
    public var created = 0
    public var updated = 0
    /// Badges left out because they were invalid (`skip_invalid=true` only).
    public var skipped = 0
    public var rows: [Row] = []

    /// One badge's fate: `created`, `updated` or `error` with the fields at fault.
    public struct Row: Sendable, Encodable {
        public var index: Int
        public var status: String
        public var contactID: String?
        public var dealID: String?
        public var errors: [FieldError]

        enum CodingKeys: String, CodingKey {
            case index, status, contactID = "contact_id", dealID = "deal_id", errors
        }

        /// Writes every field, `null` included.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(index, forKey: .index)
            try c.encode(status, forKey: .status)
            try c.encode(contactID, forKey: .contactID)
            try c.encode(dealID, forKey: .dealID)
            try c.encode(errors, forKey: .errors)
        }
    }
}
