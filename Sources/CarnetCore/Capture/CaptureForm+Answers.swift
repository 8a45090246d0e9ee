extension CaptureForm {
    /// Reads a submission's `values` (input name → text, as a browser or a badge scanner sends
    /// them) into a lead, checking each field: required, longest answer, e-mail address, one
    /// of the options, country code, number. Throws every problem at once, each naming the
    /// field's input name; values of unknown names are ignored, the UTM parameters read.
    public func read(_ values: [String: String], language: Language = .en) throws(CarnetError) -> LeadInput {
        var check = Validator()
        var lead = LeadInput()
        for field in fields {
            let raw = values[field.name] ?? ""
            if field.kind == .checkbox {
                let ticked = Self.isTicked(raw)
                if field.required && !ticked { check.fail(field.name, L10n.text("validation.required", language)) }
                lead.answers[field.name] = .bool(ticked)
                if case .custom(let key) = field.target { lead.custom[key] = .bool(ticked) }
                continue
            }
            guard var text = raw.trimmedOrNil else {
                if field.required { check.fail(field.name, L10n.text("validation.required", language)) }
                continue
            }
            if Validator.longer(text, than: field.limit) {
                check.fail(field.name, L10n.text("validation.too_long", language, ["max": String(field.limit), "count": String(text.count)]))
                continue
            }
            let target = field.target
            if field.kind == .email || target == .contact("email") {
                guard EmailAddress.isValid(text) else { check.fail(field.name, L10n.text("capture.invalid_email", language)); continue }
            }
            if field.kind == .select && !field.options.contains(text) {
                check.fail(field.name, L10n.text("capture.not_an_option", language, ["options": field.options.joined(separator: ", ")]))
                continue
            }
            if target == .contact("country") || target == .company("country") {
                text = text.uppercased()
                guard Country.isValid(text) else { check.fail(field.name, L10n.text("capture.invalid_country", language)); continue }
            }
            if target == .company("size") {
                guard let size = Int(text), size >= 0 else { check.fail(field.name, L10n.text("capture.invalid_number", language)); continue }
                text = String(size)
            }
            lead.answers[field.name] = .string(text)
            switch target {
            case .contact(let name): lead.contact[name] = text
            case .company(let name): lead.company[name] = text
            case .custom(let key): lead.custom[key] = .string(text)
            case nil: break
            }
        }
        if consentText != nil { lead.consent = Self.isTicked(values[Self.consent] ?? "") }
        lead.utm = UTMParameters.read(values, language: language, into: &check)
        try check.check()
        return lead
    }

    /// Whether a checkbox's value means ticked: what browsers send (`on`), or `true`, `1`, `yes`.
    static func isTicked(_ value: String) -> Bool {
        ["on", "true", "1", "yes"].contains(value.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
