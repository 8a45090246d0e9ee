import CarnetCore
import CarnetMail
import CarnetStore
import Foundation

/// Builds a marketing e-mail (a campaign's, a nurturing sequence's) for one contact: merge
/// fields filled, the unsubscribe link in the footer and in `List-Unsubscribe` (one click,
/// RFC 8058), and with tracking on, the open pixel and every link of the body through the
/// click redirect.
public struct CampaignMail: Sendable {
    let settings: SegmentsSettings
    let from: MailAddress

    public init(settings: SegmentsSettings, from: MailAddress) {
        self.settings = settings
        self.from = from
    }

    /// What a message needs to know of its contact.
    public struct Recipient: Sendable {
        public var contactID: String
        public var firstName: String?
        public var lastName: String?
        public var email: String?
        public var title: String?
        public var city: String?
        public var company: String?

        /// The columns `init(row:)` reads, from `contacts c` and `companies co`.
        public static let columns = "c.id AS contact_id, c.first_name, c.last_name, c.email, c.title, c.city, co.name AS company_name"

        public init(row: SQLRow) {
            contactID = row.string("contact_id") ?? ""
            firstName = row.string("first_name")
            lastName = row.string("last_name")
            email = row.string("email")
            title = row.string("title")
            city = row.string("city")
            company = row.string("company_name")
        }
    }

    /// The message for `recipient`, its footer in `language`; `token` signs its links (a test
    /// send has none and links to the unsubscribe page's example address).
    public func message(_ template: CampaignTemplate, language: Language, recipient: Recipient, token: String?) throws -> MailMessage {
        let base = settings.publicURL.hasSuffix("/") ? String(settings.publicURL.dropLast()) : settings.publicURL
        let unsubscribe = "\(base)/u/\(token ?? "example")"
        let values = CampaignTemplate.values(firstName: recipient.firstName, lastName: recipient.lastName, email: recipient.email,
                                             title: recipient.title, city: recipient.city, company: recipient.company, unsubscribeURL: unsubscribe)
        let footer = L10n.text("campaign.footer", language, ["url": unsubscribe])
        let tracked = settings.tracking ? token : nil
        let html = template.renderHTML(values, footer: footer, unsubscribeURL: unsubscribe, pixel: tracked.map { "\(base)/t/o/\($0).gif" }) { url in
            guard let tracked else { return url }
            return "\(base)/t/c/\(tracked)?u=\(Self.queryEscaped(url))"
        }
        let name = [recipient.firstName, recipient.lastName].compactMap { $0 }.joined(separator: " ")
        let to = try MailAddress(recipient.email ?? "", name: name.isEmpty ? nil : name)
        return MailMessage(from: from, to: [to], subject: template.renderSubject(values), text: template.renderText(values, footer: footer), html: html,
                           headers: [MailHeader("List-Unsubscribe", "<\(unsubscribe)>"), MailHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")])
    }

    /// `text` percent-encoded for a query value.
    static func queryEscaped(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
