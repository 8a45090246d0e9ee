import CarnetCore

/// A company's form, for a new company and for editing one: its inputs, the values they
/// show and the patch they make. The annual revenue is typed in the user's way
/// (`12 345,50` or `12,345.50`) in the form's currency; a blank input clears the stored value.
enum CompanyForm {
    static let fields: [FormField] = [
        FormField(name: "name", label: "name", required: true, maxLength: Limits.shortText),
        FormField(name: "industry", label: "industry", maxLength: Limits.shortText),
        FormField(name: "size", label: "size", inputMode: "numeric"),
        FormField(name: "annual_revenue", label: "annual_revenue", inputMode: "decimal"),
        FormField(name: "currency", label: "currency", maxLength: 3),
        FormField(name: "region", label: "region", maxLength: Limits.shortText),
        FormField(name: "country", label: "country", hint: "country_hint", maxLength: 2),
        FormField(name: "website", label: "website", type: "url", maxLength: Limits.shortText),
    ]

    /// What the inputs show for a stored company (`currency` when it has none).
    static func values(_ company: Company, currency: CurrencyCode, language: Language) -> [String: String] {
        let code = (company.currency ?? currency).code
        var values = [
            "name": company.name, "industry": company.industry, "region": company.region, "country": company.country,
            "website": company.website, "size": company.size.map(String.init),
            "annual_revenue": company.annualRevenue.map { amountInput($0, currency: code, language) },
        ].compactMapValues { $0 }
        values["currency"] = code
        values["version"] = String(company.version)
        return values
    }

    /// The patch the posted form makes; numbers that cannot be read are field errors.
    static func patch(_ form: WebForm, language: Language) throws(CarnetError) -> CompanyPatch {
        var patch = CompanyPatch()
        var errors: [FieldError] = []
        if form.values["name"] != nil { patch.name = form["name"] ?? "" }
        let texts: [(String, WritableKeyPath<CompanyPatch, String??>)] = [
            ("industry", \.industry), ("region", \.region), ("country", \.country), ("website", \.website),
        ]
        for (name, path) in texts where form.values[name] != nil { patch[keyPath: path] = .some(form[name]) }
        if let size = form["size"] {
            if let number = Int(size.filter { !$0.isWhitespace }), number >= 0 { patch.size = .some(number) } else {
                errors.append(FieldError("size", L10n.text("web.bad_number", language)))
            }
        } else if form.values["size"] != nil {
            patch.size = .some(nil)
        }
        var currency: String?
        if let text = form["currency"] {
            if let code = CurrencyCode(text) { patch.currency = .some(code); currency = code.code } else {
                errors.append(FieldError("currency", L10n.text("web.bad_currency", language)))
            }
        }
        if let revenue = form["annual_revenue"] {
            if let minor = MoneyFormat.parse(revenue, currency: currency ?? "EUR"), minor >= 0 { patch.annualRevenue = .some(minor) } else {
                errors.append(FieldError("annual_revenue", L10n.text("web.bad_amount", language)))
            }
        } else if form.values["annual_revenue"] != nil {
            patch.annualRevenue = .some(nil)
        }
        guard errors.isEmpty else { throw .validation(errors) }
        return patch
    }

    /// An amount as typed back into an input: `12345,50` in French, `12345.50` in English,
    /// `MoneyFormat`'s text without grouping nor symbol, so that `MoneyFormat.parse` reads it as it was.
    static func amountInput(_ minor: Int64, currency: String, _ language: Language) -> String {
        let mark: Character = language == .fr ? "," : "."
        return String(MoneyFormat.format(minor: minor, currency: currency, language).filter { $0.isASCII && ($0.isNumber || $0 == "-" || $0 == mark) })
    }
}
