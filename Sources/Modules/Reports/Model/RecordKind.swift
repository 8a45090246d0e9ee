/// A kind of record the missing-fields report checks, with the fields it can require.
///
/// Each field maps to the SQL condition that holds when the record lacks it; the texts are
/// constants of this file, never built from input, so they are safe to put in a query.
public enum RecordKind: String, CaseIterable, Sendable, Encodable {
    case contact, company, deal

    /// The table its records live in.
    var table: String {
        switch self {
        case .contact: "contacts"
        case .company: "companies"
        case .deal: "deals"
        }
    }

    /// The records that count: live ones, and for deals the open ones (a closed deal is history).
    var scope: String {
        switch self {
        case .contact, .company: "archived_at IS NULL"
        case .deal: "archived_at IS NULL AND closed_at IS NULL"
        }
    }

    /// What a record is called in a list: the person's name, the company's or the deal's title.
    var nameExpression: String {
        switch self {
        case .contact: "TRIM(COALESCE(first_name, '') || ' ' || COALESCE(last_name, ''))"
        case .company: "name"
        case .deal: "title"
        }
    }

    /// The web page where the record is edited, before its id.
    var pagePath: String { "/\(table)/" }

    /// The fields that can be required, each with the condition that holds when it is empty.
    var fields: [String: String] {
        switch self {
        case .contact:
            [
                "email": "email IS NULL", "phone": "phones = '[]'", "title": "title IS NULL", "company": "company_id IS NULL",
                "owner": "owner_id IS NULL", "street": "street IS NULL", "postcode": "postcode IS NULL", "city": "city IS NULL",
                "region": "region IS NULL", "country": "country IS NULL", "source": "source IS NULL",
            ]
        case .company:
            [
                "industry": "industry IS NULL", "size": "size IS NULL", "annual_revenue": "annual_revenue IS NULL",
                "region": "region IS NULL", "country": "country IS NULL", "website": "website IS NULL", "owner": "owner_id IS NULL",
            ]
        case .deal:
            [
                "amount": "amount IS NULL", "expected_close": "expected_close IS NULL", "next_action": "next_action IS NULL",
                "next_action_date": "next_action_at IS NULL", "contact": "contact_id IS NULL", "company": "company_id IS NULL",
                "owner": "owner_id IS NULL",
            ]
        }
    }
}
