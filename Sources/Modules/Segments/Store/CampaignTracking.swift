import CarnetCore
import CarnetStore
import Foundation

/// What the public marketing-mail addresses do: unsubscribe (the page and the one-click post), count
/// an open (the pixel) and a click (the redirect), each found by its signed recipient token.
///
/// Unsubscribing records the contact and its address in `campaign_unsubscribes`, which every
/// campaign send checks; the contact's `do_not_email` is left alone: it is the team's own
/// choice about one-to-one e-mail, while an unsubscribe is about marketing mail only.
public struct CampaignTracking: Sendable {
    public let context: ServiceContext
    public let settings: SegmentsSettings
    /// The kinds of mail whose tokens it reads: campaigns first, then those of other modules.
    public let kinds: [TrackedMailKind]
    var log: ChangeLog { ChangeLog(clock: context.clock) }

    public init(context: ServiceContext, settings: SegmentsSettings, kinds: [TrackedMailKind] = [.campaign]) {
        self.context = context
        self.settings = settings
        self.kinds = kinds
    }

    /// The recipient a token stands for.
    public struct Recipient: Sendable {
        public var id: String
        public var kind: TrackedMailKind
        /// The campaign or sequence it was sent for.
        public var sourceID: String
        public var contactID: String
        public var email: String?
        public var language: Language
        public var unsubscribed: Bool
        /// The web addresses written in its mail's body, where its click redirect may lead.
        var links: [String]

        /// The payload of its events: the contact and the campaign (or sequence), plus `extra`.
        func payload(_ extra: [String: JSONValue] = [:]) -> JSONValue {
            .object(extra.merging([kind.sourceKey: .string(sourceID), "contact_id": .string(contactID)]) { _, new in new })
        }
    }

    /// The recipient of `token`; a 404 for a token that is malformed, forged or unknown.
    public func recipient(_ token: String, _ conn: any SQLConnection) throws -> Recipient {
        let notFound = CarnetError.notFound(entity: "campaign recipient", id: "this address")
        guard let signer = try SegmentsSecrets.existingTokens(conn), let id = signer.recipient(token),
              let kind = kinds.first(where: { id.hasPrefix($0.idPrefix) }),
              let row = try conn.queryOne(kind.query, [.text(id)]) else { throw notFound }
        return Recipient(id: id, kind: kind, sourceID: row.string("source_id") ?? "", contactID: row.string("contact_id") ?? "", email: row.string("email"),
                         language: row.string("language").flatMap(Language.init(rawValue:)) ?? .en, unsubscribed: row.date("unsubscribed_at") != nil,
                         links: CampaignTemplate.links(in: row.string("links_source") ?? ""))
    }

    /// Unsubscribes the recipient's contact and address from all marketing mail; the first
    /// time, writes `campaign.unsubscribed`. Doing it again changes nothing.
    @discardableResult
    public func unsubscribe(_ token: String, _ conn: any SQLConnection) throws -> Recipient {
        let recipient = try recipient(token, conn)
        let now = context.clock.now
        let campaignID: SQLValue = recipient.kind.table == TrackedMailKind.campaign.table ? .text(recipient.sourceID) : .null
        let added = try conn.execute("""
            INSERT INTO campaign_unsubscribes (contact_id, email, campaign_id, recipient_id, at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (contact_id) DO NOTHING
            """, [.text(recipient.contactID), .string(recipient.email?.lowercased()), campaignID, .text(recipient.id), .date(now)])
        try conn.execute("UPDATE \(recipient.kind.table) SET unsubscribed_at = ?, updated_at = ? WHERE id = ? AND unsubscribed_at IS NULL",
                         [.date(now), .date(now), .text(recipient.id)])
        if added == 1 {
            try log.event("campaign.unsubscribed", entity: "contact", id: recipient.contactID, actor: .system, payload: recipient.payload(), conn)
        }
        return recipient
    }

    /// Counts an open; the first one writes `campaign.email_opened`. A 404 while tracking is off.
    public func open(_ token: String, _ conn: any SQLConnection) throws {
        guard settings.tracking else { throw CarnetError.notFound(entity: "tracking address", id: "this address") }
        let recipient = try recipient(token, conn)
        let now = context.clock.now
        let table = recipient.kind.table
        let first = try conn.execute("UPDATE \(table) SET opened_at = ? WHERE id = ? AND opened_at IS NULL", [.date(now), .text(recipient.id)])
        try conn.execute("UPDATE \(table) SET opens = opens + 1 WHERE id = ?", [.text(recipient.id)])
        if first == 1 {
            try log.event("campaign.email_opened", entity: "contact", id: recipient.contactID, actor: .system, payload: recipient.payload(), conn)
        }
    }

    /// Counts a click on `url` and returns where to send the browser: only an address written
    /// in the mail's body, so the redirect can never send anyone elsewhere (a 404 otherwise).
    /// Every click writes `campaign.email_clicked`.
    public func click(_ token: String, url: String, _ conn: any SQLConnection) throws -> String {
        guard settings.tracking else { throw CarnetError.notFound(entity: "tracking address", id: "this address") }
        let recipient = try recipient(token, conn)
        guard recipient.links.contains(url) else {
            throw CarnetError.notFound(entity: "link of this campaign", id: url)
        }
        let now = context.clock.now
        try conn.execute("UPDATE \(recipient.kind.table) SET clicks = clicks + 1, clicked_at = COALESCE(clicked_at, ?) WHERE id = ?",
                         [.date(now), .text(recipient.id)])
        try log.event("campaign.email_clicked", entity: "contact", id: recipient.contactID, actor: .system,
                      payload: recipient.payload(["url": .string(url)]), conn)
        return url
    }
}
