import CarnetCore

/// The contact fields a CSV column can fill, named as the export's header writes them.
public enum ContactColumn: String, Sendable, CaseIterable {
    case firstName = "first_name", lastName = "last_name", email, phones, title, company, street, postcode, city, region
    case country, source, externalRef = "external_ref", tags, owner, emailOptIn = "email_opt_in", doNotEmail = "do_not_email"

    /// Whether several columns may fill it (their values are joined), as for a phone and a mobile column.
    var isList: Bool {
        self == .phones || self == .tags
    }

    /// The header spellings recognised for this field, in English and French, as `headerKey` folds them.
    var synonyms: [String] {
        switch self {
        case .firstName: ["firstname", "first", "givenname", "prenom"]
        case .lastName: ["lastname", "last", "surname", "familyname", "nom", "nomdefamille"]
        case .email: ["email", "mail", "emailaddress", "courriel", "adresseemail", "adressemail", "adressecourriel"]
        case .phones: ["phone", "phones", "phonenumber", "telephone", "telephones", "tel", "mobile", "portable"]
        case .title: ["title", "jobtitle", "position", "fonction", "poste", "intituledeposte"]
        case .company: ["company", "companyname", "organisation", "organization", "societe", "entreprise", "raisonsociale"]
        case .street: ["street", "address", "streetaddress", "adresse", "rue"]
        case .postcode: ["postcode", "postalcode", "zip", "zipcode", "codepostal", "cp"]
        case .city: ["city", "town", "ville", "commune"]
        case .region: ["region", "state", "province"]
        case .country: ["country", "countrycode", "pays"]
        case .source: ["source", "leadsource", "origine", "provenance"]
        case .externalRef: ["externalref", "externalid", "externalreference", "idexterne", "refexterne", "referenceexterne"]
        case .tags: ["tags", "tag", "labels", "etiquettes", "etiquette", "motscles"]
        case .owner: ["owner", "owneremail", "proprietaire", "responsable"]
        case .emailOptIn: ["emailoptin", "optin", "consentementemail", "accordemail"]
        case .doNotEmail: ["donotemail", "noemail", "optout", "nepasenvoyerdemail", "nepascontacterparemail"]
        }
    }

    /// The column a header names, comparing case, accents, spaces, `_`, `-` and `'` away.
    static func matching(_ header: String) -> ContactColumn? {
        bySynonym[headerKey(header)]
    }

    private static let bySynonym: [String: ContactColumn] = {
        var table: [String: ContactColumn] = [:]
        for column in allCases {
            for synonym in column.synonyms { table[synonym] = column }
        }
        return table
    }()

    /// A header folded for comparison: "Code postal" and "code_postal" both give `codepostal`.
    static func headerKey(_ header: String) -> String {
        SearchKey.fold(header).filter { !" _-'’.".contains($0) }
    }
}
