import CarnetCore
import Foundation

/// One contact going through one sequence.
public struct Enrollment: Sendable, Equatable, Encodable, Identifiable {
    public var id: String
    public var sequenceID: String
    public var contactID: String
    public var status: EnrollmentStatus
    /// Why it ended early; nil while active or once completed.
    public var exitReason: ExitReason?
    /// The step to run next, numbered from 1; nil once it has ended.
    public var nextStep: Int?
    /// When the next step runs.
    public var nextAt: Date?
    /// What enrolled it: the trigger's kind, or `manual`.
    public var source: String
    public var startedAt: Date
    public var endedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, sequenceID = "sequence_id", contactID = "contact_id", status, exitReason = "exit_reason", nextStep = "next_step", nextAt = "next_at"
        case source, startedAt = "started_at", endedAt = "ended_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(sequenceID, forKey: .sequenceID)
        try c.encode(contactID, forKey: .contactID)
        try c.encode(status, forKey: .status)
        try c.encode(exitReason, forKey: .exitReason)
        try c.encode(nextStep, forKey: .nextStep)
        try c.encode(nextAt, forKey: .nextAt)
        try c.encode(source, forKey: .source)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(endedAt, forKey: .endedAt)
    }
}

/// Where an enrollment is.
public enum EnrollmentStatus: String, Sendable, Codable, CaseIterable {
    case active, completed, exited
}

/// A sequence's figures: `GET /api/v1/sequences/{id}/report`.
public struct SequenceReport: Sendable, Encodable {
    public var sequenceID: String
    public var enrolled: Int
    public var active: Int
    public var completed: Int
    /// Exited enrollments per reason, every reason present (0 when none).
    public var exited: [String: Int]
    /// Enrolled contacts with a deal opened after they were enrolled.
    public var converted: Int
    /// `converted / enrolled`, 0 when nobody is enrolled.
    public var conversionRate: Double
    /// E-mails per status (`queued`, `sent`, `failed`, `skipped_*`), and those opened and clicked.
    public var emails: [String: Int]
    public var opened: Int
    public var clicked: Int

    enum CodingKeys: String, CodingKey {
        case sequenceID = "sequence_id", enrolled, active, completed, exited, converted, conversionRate = "conversion_rate", emails, opened, clicked
    }
}

/// The body of `POST /api/v1/sequences/{id}/enrollments`.
public struct EnrollmentRequest: Sendable, Decodable {
    public var contactID: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case contactID = "contact_id"
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: CodingKeys.self)
        contactID = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .contactID)
    }
}
