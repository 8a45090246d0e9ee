import CarnetCore
import Foundation

/// A nurturing sequence: contacts enrolled by its trigger go through its steps, one durable
/// job per step, until the last step or an exit condition.
public struct NurtureSequence: Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    /// `active` enrolls and runs; `paused` enrolls nobody and holds every enrollment at its
    /// next step until it is active again.
    public var status: SequenceStatus
    /// The language of the e-mails' unsubscribe footer and page.
    public var language: Language
    public var definition: SequenceDefinition
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public static let nameLimit = 200
}

extension NurtureSequence: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, name, status, language, trigger, steps, exitOn = "exit_on", version, createdAt = "created_at", updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(status, forKey: .status)
        try c.encode(language, forKey: .language)
        try c.encode(definition.trigger.json, forKey: .trigger)
        try c.encode(definition.stepsJSON, forKey: .steps)
        try c.encode(definition.exitsJSON, forKey: .exitOn)
        try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}

/// Whether a sequence runs.
public enum SequenceStatus: String, Sendable, Codable, CaseIterable {
    case active, paused
}

/// The body of `POST` and `PATCH /api/v1/sequences`: only the keys sent change. The trigger,
/// steps and exit conditions are read by ``SequenceParser``.
public struct SequencePatch: Sendable, Decodable {
    public var name: String?
    public var status: SequenceStatus?
    public var language: Language?
    public var trigger: JSONValue?
    public var steps: JSONValue?
    public var exitOn: JSONValue?
    public var version: Int?

    public init(name: String? = nil, status: SequenceStatus? = nil, language: Language? = nil, trigger: JSONValue? = nil, steps: JSONValue? = nil,
                exitOn: JSONValue? = nil) {
        self.name = name
        self.status = status
        self.language = language
        self.trigger = trigger
        self.steps = steps
        self.exitOn = exitOn
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, status, language, trigger, steps, exitOn = "exit_on", version
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        status = try c.decodeIfPresent(SequenceStatus.self, forKey: .status)
        language = try c.decodeIfPresent(Language.self, forKey: .language)
        trigger = try c.decodeIfPresent(JSONValue.self, forKey: .trigger)
        steps = try c.decodeIfPresent(JSONValue.self, forKey: .steps)
        exitOn = try c.decodeIfPresent(JSONValue.self, forKey: .exitOn)
        version = try c.decodeIfPresent(Int.self, forKey: .version)
    }
}
