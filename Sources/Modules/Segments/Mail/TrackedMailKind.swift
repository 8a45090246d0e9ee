/// A kind of marketing e-mail whose unsubscribe, open and click addresses (`/u`, `/t/o`,
/// `/t/c`) carry a signed recipient token: campaign e-mails, and those of any module built
/// on this one (nurturing sequences).
///
/// Its recipients live in `table`, with the columns `contact_id`, `email`, `unsubscribed_at`,
/// `opens`, `clicks`, `opened_at` and `clicked_at`; their ids start with `idPrefix`, which is
/// how a token is matched to its kind.
public struct TrackedMailKind: Sendable {
    public let idPrefix: String
    public let table: String
    /// Reads one recipient by id (one `?`): `id`, `contact_id`, `email`, `unsubscribed_at`,
    /// `language`, `source_id` (the campaign or sequence) and `links_source`, the text whose
    /// web addresses the click redirect may lead to.
    public let query: String
    /// The key naming `source_id` in the events: `campaign_id`, `sequence_id`.
    public let sourceKey: String

    public init(idPrefix: String, table: String, query: String, sourceKey: String) {
        self.idPrefix = idPrefix
        self.table = table
        self.query = query
        self.sourceKey = sourceKey
    }

    /// A campaign's recipients.
    public static let campaign = TrackedMailKind(idPrefix: "rcp_", table: "campaign_recipients", query: """
        SELECT r.id, r.contact_id, r.email, r.unsubscribed_at, m.language, m.id AS source_id, m.body AS links_source
        FROM campaign_recipients r JOIN campaigns m ON m.id = r.campaign_id WHERE r.id = ?
        """, sourceKey: "campaign_id")
}
