import CarnetCore

/// One labelled input of a record form, as `record-fields.mustache` draws it: the value
/// shown (stored, or as typed when the form comes back with errors), its hint and its error,
/// both tied to the input for screen readers.
struct FormField {
    let name: String
    /// The key of its label among the web texts, without `web.`.
    let label: String
    var type = "text"
    /// The key of a hint under the label, if any.
    var hint: String?
    /// Suggests company names as one types, from the page's `<datalist id="company-names">`.
    var suggestsCompanies = false
    var inputMode: String?
    var required = false
    var maxLength: Int?

    /// What the template reads; every key is set (missing ones as `NSNull`), so that none
    /// falls back to the page's own.
    func data(idPrefix: String, values: [String: String], errors: [String: String], language: Language) -> [String: Any] {
        let id = "\(idPrefix)-\(name)"
        let error = errors[name]
        let described = [hint.map { _ in "hint-\(id)" }, error.map { _ in "error-\(name)" }].compactMap { $0 }
        return [
            "id": id, "name": name, "label": L10n.text("web.\(label)", language), "type": type, "value": values[name] ?? "",
            "hint": WebValue.text(hint.map { L10n.text("web.\($0)", language) }), "hint_id": "hint-\(id)", "error": WebValue.text(error),
            "suggests_companies": suggestsCompanies, "inputmode": WebValue.text(inputMode), "required": required,
            "maxlength": WebValue.text(maxLength.map(String.init)), "describedby": WebValue.text(described.joined(separator: " ")),
        ]
    }
}
