import CarnetCore
import CarnetMail
import CarnetStore
import Foundation

/// Takes in a reply to a sequence e-mail, as the mail server hands it over
/// (`POST /api/v1/sequences/replies`, `Content-Type: message/rfc822`): the sender's live
/// contact gets an e-mail activity with the reply's subject and text, which ends its
/// enrollments that exit on `replied` (from the outbox, as any logged e-mail does).
///
/// An auto-reply or bulk message (out of office, mailing list), or mail from Carnet's own
/// address, is ignored; so is a sender no contact has.
public struct ReplyService: Sendable {
    public let context: ServiceContext
    /// Carnet's own sending address: mail from it is a loop, never a reply.
    public let ownAddress: String

    /// The largest message taken in.
    public static let maximumBytes = 1 << 20

    public init(context: ServiceContext, ownAddress: String) {
        self.context = context
        self.ownAddress = ownAddress
    }

    public func receive(_ raw: [UInt8], actor: Actor, _ conn: any SQLConnection) throws -> ReplyResult {
        try actor.require(.write)
        guard raw.count <= Self.maximumBytes else {
            throw CarnetError.tooLarge("The message is \(raw.count) bytes; replies are taken up to \(Self.maximumBytes).")
        }
        let mail = try MIMEParser.parse(raw)
        if mail.automatic || mail.fromAddress.caseInsensitiveCompare(ownAddress) == .orderedSame {
            return ReplyResult(action: .ignored, contactID: nil, activityID: nil)
        }
        guard let contact = try ContactService(context: context).findByEmail(mail.fromAddress, conn) else {
            return ReplyResult(action: .unknownSender, contactID: nil, activityID: nil)
        }
        var input = ActivityInput(kind: .email)
        input.contactID = contact.id
        input.subject = String((mail.subject.isEmpty ? "(no subject)" : mail.subject).prefix(Limits.shortText))
        input.body = String(mail.text.prefix(Limits.longText))
        let activity = try ActivityService(context: context).create(input, actor: actor, conn)
        return ReplyResult(action: .logged, contactID: contact.id, activityID: activity.id)
    }
}

/// What became of a reply.
public struct ReplyResult: Sendable, Equatable, Encodable {
    public enum Action: String, Sendable, Encodable {
        /// Logged as an e-mail activity on its sender's contact.
        case logged
        /// An auto-reply, bulk mail or Carnet's own: nothing done.
        case ignored
        /// No live contact has the sender's address: nothing done.
        case unknownSender = "unknown_sender"
    }

    public var action: Action
    public var contactID: String?
    public var activityID: String?

    enum CodingKeys: String, CodingKey {
        case action, contactID = "contact_id", activityID = "activity_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(action, forKey: .action)
        try c.encode(contactID, forKey: .contactID)
        try c.encode(activityID, forKey: .activityID)
    }
}
