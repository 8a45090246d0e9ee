import CarnetCore
import CarnetStore
import Foundation

/// The contact list's search and filters as its address carries them: `q` (a prefix of a
/// name, e-mail or company), `owner` (a user's id), `tag`, `region` and `company` (a
/// company's exact name or id). The next page's link, the live search and the bulk form
/// keep them; the bulk form sends them back as `filter_<name>` fields.
struct ContactListFilters: Sendable {
    static let names = ["q", "owner", "tag", "region", "company"]
    /// What a query value keeps unencoded: ASCII letters and digits, `-._~` (`.alphanumerics`
    /// would keep accented letters too).
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    private(set) var values: [String: String] = [:]

    init(_ value: (String) -> String?) {
        for name in Self.names { values[name] = value(name) }
    }

    /// The filters of a page's address.
    init(query page: PageRequest) {
        self.init { page.query($0) }
    }

    /// The filters a bulk form sends back.
    init(form: WebForm) {
        self.init { form["filter_" + $0] }
    }

    subscript(_ name: String) -> String? { values[name] }

    /// The query of the contacts shown, the company already turned into its id.
    func query(companyID: String?, cursor: String?) -> ContactQuery {
        var query = ContactQuery(prefix: values["q"], limit: ContactBulkChange.maximum, cursor: cursor)
        query.ownerID = values["owner"]
        query.tag = values["tag"]
        query.region = values["region"]
        query.companyID = companyID
        return query
    }

    /// `q=…&tag=…` with the blank filters left out, then `extra` (a cursor, a count).
    func queryString(_ extra: [(String, String)] = []) -> String {
        (Self.names.compactMap { name in values[name].map { (name, $0) } } + extra)
            .map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? "")" }
            .joined(separator: "&")
    }

    /// The filters as the bulk form's hidden fields.
    var hiddenFields: [[String: String]] {
        Self.names.compactMap { name in values[name].map { ["name": "filter_" + name, "value": $0] } }
    }
}
