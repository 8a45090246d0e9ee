import Foundation

/// What happened to one recipient of a campaign.
///
/// `pending`: taken from the segment, not yet queued. `queued`: claimed and handed to the
/// mail queue (one row per recipient, claimed in the transaction that queues its e-mail,
/// so a restart never queues it twice). `sent` / `failed`: the mail server's answer.
/// `skipped_*`: never sent, because the contact gave no consent (no opt-in, or do-not-email),
/// unsubscribed, or has no address; checked when the recipients are taken, again when they
/// are queued and again just before sending.
public enum RecipientStatus: String, Sendable, Codable, CaseIterable {
    case pending, queued, sent, failed
    case skippedNoConsent = "skipped_no_consent", skippedUnsubscribed = "skipped_unsubscribed", skippedNoEmail = "skipped_no_email"
}

/// A campaign's figures: recipients per status, opens, clicks and unsubscribes.
public struct CampaignReport: Sendable, Encodable {
    public var campaignID: String
    public var status: CampaignStatus
    public var recipients: Int
    /// Recipients per status, every status present (0 when none).
    public var byStatus: [String: Int]
    /// Recipients who opened at least once, and every open counted.
    public var opened: Int
    public var opens: Int
    /// Recipients who clicked at least once, and every click counted.
    public var clicked: Int
    public var clicks: Int
    /// Recipients who unsubscribed through this campaign.
    public var unsubscribed: Int

    enum CodingKeys: String, CodingKey {
        case campaignID = "campaign_id", status, recipients, byStatus = "by_status", opened, opens, clicked, clicks, unsubscribed
    }
}

/// A campaign's e-mail as one contact would get it.
public struct CampaignPreview: Sendable, Encodable {
    public var contactID: String
    public var to: String?
    public var subject: String
    public var text: String
    public var html: String

    enum CodingKeys: String, CodingKey {
        case contactID = "contact_id", to, subject, text, html
    }

    /// Writes every field, `null` included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(contactID, forKey: .contactID)
        try c.encode(to, forKey: .to)
        try c.encode(subject, forKey: .subject)
        try c.encode(text, forKey: .text)
        try c.encode(html, forKey: .html)
    }
}

/// A test send queued: where to and the mail job that carries it.
public struct CampaignTest: Sendable, Encodable {
    public var campaignID: String
    public var to: String
    public var jobID: String

    enum CodingKeys: String, CodingKey {
        case campaignID = "campaign_id", to, jobID = "job_id"
    }
}
