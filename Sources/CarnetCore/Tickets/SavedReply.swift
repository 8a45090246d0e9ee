import Foundation

/// A canned answer operators pick while typing (“Return label sent”), with merge fields.
public struct SavedReply: Sendable, Equatable, Codable, Identifiable {
    public var id: String
    public var title: String
    /// The text, checked as a ``MergeTemplate``.
    public var body: String
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var archivedAt: Date?

    public init(id: String, title: String, body: String, at now: Date) {
        self.id = id
        self.title = title
        self.body = body
        version = 1
        createdAt = now
        updatedAt = now
    }

    /// The longest body, in characters.
    public static let bodyLimit = 20_000

    enum CodingKeys: String, CodingKey {
        case id, title, body, version, createdAt = "created_at", updatedAt = "updated_at", archivedAt = "archived_at"
    }

    /// Writes every field, `null` included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(body, forKey: .body)
        try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(archivedAt, forKey: .archivedAt)
    }

    /// Checks the title and the body's merge fields, all problems at once.
    public func validate(language: Language = .en) throws(CarnetError) {
        var check = Validator()
        let required = L10n.text("validation.required", language)
        if title.isBlank { check.fail("title", required) }
        Ticket.limit(&check, "title", title, max: Limits.shortText, language)
        if body.isBlank { check.fail("body", required) }
        Ticket.limit(&check, "body", body, max: Self.bodyLimit, language)
        do {
            _ = try MergeTemplate(body, field: "body", language: language)
        } catch {
            if case .validation(let errors) = error { for error in errors { check.fail(error.field, error.message) } }
        }
        try check.check()
    }
}

/// A partial change to a saved reply: the body of `POST` and `PATCH /api/v1/ticket-replies`.
public struct SavedReplyPatch: Sendable, Decodable {
    public var title: String?
    public var body: String?
    public var version: Int?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case title, body, version
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        body = try c.decodeIfPresent(String.self, forKey: .body)
        version = try c.decodeIfPresent(Int.self, forKey: .version)
    }
}

extension SavedReply {
    /// Applies a patch and trims the title; the caller validates.
    public mutating func apply(_ patch: SavedReplyPatch) {
        if let title = patch.title { self.title = title }
        if let body = patch.body { self.body = body }
        title = title.trimmedOrNil ?? ""
    }
}
