import CarnetCore
import CarnetStore

/// A contact's edit form: its inputs, the values they show, and the patch they make.
///
/// Lists (other e-mails, phones, tags) are typed comma-separated. A blank input clears the
/// stored value. An unticked consent box is not sent at all, so it reads as "no". The
/// company is named by its exact name (suggested as one types) or its id.
enum ContactForm {
    /// The text inputs, in order; the owner's select and the consent boxes are in the template.
    static let fields: [FormField] = [
        FormField(name: "first_name", label: "first_name", maxLength: Limits.shortText),
        FormField(name: "last_name", label: "last_name", maxLength: Limits.shortText),
        FormField(name: "email", label: "email", type: "email"),
        FormField(name: "emails", label: "other_emails", hint: "list_hint"),
        FormField(name: "phones", label: "phones", type: "text", hint: "list_hint", inputMode: "tel"),
        FormField(name: "title", label: "title", maxLength: Limits.shortText),
        FormField(name: "company", label: "company", hint: "company_hint", suggestsCompanies: true),
        FormField(name: "street", label: "street", maxLength: Limits.shortText),
        FormField(name: "postcode", label: "postcode", maxLength: 20),
        FormField(name: "city", label: "city", maxLength: Limits.shortText),
        FormField(name: "region", label: "region", maxLength: Limits.shortText),
        FormField(name: "country", label: "country", hint: "country_hint", maxLength: 2),
        FormField(name: "source", label: "source", maxLength: Limits.shortText),
        FormField(name: "tags", label: "tags", hint: "list_hint"),
    ]

    /// What the inputs show for a stored contact.
    static func values(_ contact: Contact, company: Company?) -> [String: String] {
        var values = [
            "first_name": contact.firstName, "last_name": contact.lastName, "email": contact.email, "title": contact.title,
            "street": contact.street, "postcode": contact.postcode, "city": contact.city, "region": contact.region,
            "country": contact.country, "source": contact.source, "owner_id": contact.ownerID, "company": company?.name,
        ].compactMapValues { $0 }
        values["emails"] = contact.emails.joined(separator: ", ")
        values["phones"] = contact.phones.joined(separator: ", ")
        values["tags"] = contact.tags.joined(separator: ", ")
        values["email_opt_in"] = contact.emailOptIn ? "1" : nil
        values["do_not_email"] = contact.doNotEmail ? "1" : nil
        values["version"] = String(contact.version)
        return values
    }

    /// The patch the posted form makes, but for the company, which `companyID` reads in the
    /// write's transaction. E-mail addresses are checked here to name the error in the
    /// user's language; the service checks everything again.
    static func patch(_ form: WebForm, language: Language) throws(CarnetError) -> ContactPatch {
        var patch = ContactPatch()
        let texts: [(String, WritableKeyPath<ContactPatch, String??>)] = [
            ("first_name", \.firstName), ("last_name", \.lastName), ("email", \.email), ("title", \.title), ("street", \.street),
            ("postcode", \.postcode), ("city", \.city), ("region", \.region), ("country", \.country), ("source", \.source),
            ("owner_id", \.ownerID),
        ]
        for (name, path) in texts where form.values[name] != nil { patch[keyPath: path] = .some(form[name]) }
        let lists: [(String, WritableKeyPath<ContactPatch, [String]??>)] = [("emails", \.emails), ("phones", \.phones), ("tags", \.tags)]
        for (name, path) in lists where form.values[name] != nil { patch[keyPath: path] = .some(split(form.values[name] ?? "")) }
        patch.emailOptIn = .some(form["email_opt_in"] != nil)
        patch.doNotEmail = .some(form["do_not_email"] != nil)
        var errors: [FieldError] = []
        if let email = form["email"], !EmailAddress.isValid(email) { errors.append(FieldError("email", L10n.text("web.bad_email", language))) }
        if split(form.values["emails"] ?? "").contains(where: { !EmailAddress.isValid($0) }) {
            errors.append(FieldError("emails", L10n.text("web.bad_email", language)))
        }
        guard errors.isEmpty else { throw .validation(errors) }
        return patch
    }

    /// The id of the company the form names: the contact's own when the name still matches
    /// it, else the one company with this id or name; blank means none.
    static func companyID(_ text: String?, current: String?, _ companies: CompanyService, language: Language,
                          _ conn: any SQLConnection) throws -> String? {
        guard let text else { return nil }
        if let current, try text == current || SearchKey.fold(companies.get(current, conn).name) == SearchKey.fold(text) { return current }
        let found = try companies.find(idOrName: text, conn)
        guard found.count == 1 else {
            throw CarnetError.validation([FieldError("company", L10n.text(found.isEmpty ? "web.no_such_company" : "web.company_ambiguous", language))])
        }
        return found[0].id
    }

    /// The service names list items (`emails[2]`) and the company by its id; the form has
    /// one input for each.
    static func formError(_ error: CarnetError) -> CarnetError {
        guard case .validation(let fields) = error else { return error }
        return .validation(fields.map { FieldError($0.field == "company_id" ? "company" : String($0.field.prefix { $0 != "[" }), $0.message) })
    }

    /// `a, b,,c` → `[a, b, c]`.
    static func split(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0.isNewline }).compactMap { $0.trimmingCharacters(in: .whitespaces).nilIfEmpty }
    }
}
