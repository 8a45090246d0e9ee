/// What duplicate detection knows of a contact or a company: its normalised e-mails, phones,
/// name and domain, and the blocking keys derived from them.
///
/// Only records sharing a key are ever compared, so detection costs a few index lookups per
/// record instead of a comparison with every other one. Keys: `email:<address>` and
/// `phone:<E.164>` for each address and number; for a contact `name:<Soundex of last
/// name>:<company id>`, or `name:<Soundex>:<first initial>` without a company; for a company
/// `name:<Soundex of its name without legal form>` and `domain:<website domain>`.
public struct DuplicateProfile: Sendable, Equatable {
    public var entity: DuplicateEntity
    public var id: String
    /// Folded full name (a contact's "first last"; a company's name without its legal form).
    public var name: String
    /// A contact's name the other way round ("last first"), to match names entered swapped.
    public var swappedName: String?
    public var companyID: String?
    public var emails: [String]
    public var phones: [String]
    public var domain: String?
    public var keys: [String]

    /// A contact's profile; national phone numbers are read in `region`.
    public init(contact: Contact, region: String) {
        entity = .contact
        id = contact.id
        name = SearchKey.fold(joining: [contact.firstName, contact.lastName])
        swappedName = contact.firstName == nil || contact.lastName == nil ? nil : SearchKey.fold(joining: [contact.lastName, contact.firstName])
        companyID = contact.companyID
        emails = Self.unique(([contact.email] + contact.emails.map(Optional.some)).compactMap(NormalizedEmail.of))
        phones = Self.unique(contact.phones.compactMap { PhoneNumber.e164($0, region: region) })
        domain = nil
        var keys = emails.map { "email:" + $0 } + phones.map { "phone:" + $0 }
        if let last = contact.lastName.flatMap(Soundex.of) {
            if let company = contact.companyID {
                keys.append("name:\(last):\(company)")
            } else if let initial = contact.firstName.map(SearchKey.fold)?.first {
                keys.append("name:\(last):\(initial)")
            }
        }
        self.keys = Self.unique(keys)
    }

    /// A company's profile.
    public init(company: Company) {
        entity = .company
        id = company.id
        name = Self.withoutLegalForm(company.name)
        swappedName = nil
        companyID = nil
        emails = []
        phones = []
        domain = WebsiteDomain.of(company.website)
        var keys: [String] = []
        if let sound = Soundex.of(name.replacingOccurrences(of: " ", with: "")) { keys.append("name:" + sound) }
        if let domain { keys.append("domain:" + domain) }
        self.keys = keys
    }

    /// Legal forms left out of company names before comparing them (`Acme SAS` is `Acme`).
    static let legalForms: Set<String> = [
        "sa", "sas", "sasu", "sarl", "eurl", "sci", "scop", "gmbh", "ag", "kg", "ltd", "limited", "inc", "llc", "plc", "corp",
        "bv", "nv", "srl", "spa", "sl", "co", "cie", "&", "et",
    ]

    static func withoutLegalForm(_ name: String) -> String {
        let words = SearchKey.fold(name).replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: " ").split(separator: " ")
        let kept = words.filter { !legalForms.contains(String($0)) }
        return (kept.isEmpty ? words : kept).joined(separator: " ")
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}

/// The kinds of record duplicate detection and merge work on.
public enum DuplicateEntity: String, Sendable, Codable, CaseIterable {
    case contact, company

    /// The id prefix of this kind's records (`con`, `com`).
    public var idPrefix: String {
        switch self {
        case .contact: IDPrefix.contact
        case .company: IDPrefix.company
        }
    }

    /// The table holding this kind's records.
    public var table: String {
        switch self {
        case .contact: "contacts"
        case .company: "companies"
        }
    }

    /// The kind an id belongs to, from its prefix; nil for any other id.
    public init?(id: String) {
        guard let kind = Self.allCases.first(where: { id.hasPrefix($0.idPrefix + "_") }) else { return nil }
        self = kind
    }
}
