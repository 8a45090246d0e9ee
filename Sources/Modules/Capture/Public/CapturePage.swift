import CarnetCore

/// The HTML of a capture form: the standalone page at `/f/{slug}`, the snippet to embed in
/// another site, and the thank-you page. Every text from the form or the visitor is escaped;
/// the page's own words follow the visitor's language.
public enum CapturePage {
    /// The standalone page: the form's title and its snippet.
    public static func form(_ form: CaptureForm, language: Language, action: String) -> String {
        page(title: form.title, language: language, body: snippet(form, language: language, action: action))
    }

    /// The `<form>` posting to `action`, with its fields, the consent box and the hidden honeypot.
    public static func snippet(_ form: CaptureForm, language: Language, action: String) -> String {
        var html = "<form class=\"carnet-capture\" method=\"post\" action=\"\(e(action))\" accept-charset=\"utf-8\">\n"
        for field in form.fields {
            html += fieldHTML(field, language: language)
        }
        if let consent = form.consentText {
            html += "<p><label><input type=\"checkbox\" name=\"\(CaptureForm.consent)\" value=\"on\"> \(e(consent))</label></p>\n"
        }
        let honeypot = CaptureForm.honeypot
        html += """
            <div style="position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden" aria-hidden="true">\
            <label for="cf-\(honeypot)">\(e(L10n.text("capture.page.honeypot", language)))</label>\
            <input id="cf-\(honeypot)" name="\(honeypot)" type="text" tabindex="-1" autocomplete="off"></div>

            """
        html += "<p><button type=\"submit\">\(e(L10n.text("capture.page.submit", language)))</button></p>\n</form>\n"
        return html
    }

    /// The page a browser sees after sending: the thank-you text and the answers it sent.
    public static func thanks(_ form: CaptureForm, answers: [String: JSONValue], language: Language) -> String {
        var body = "<p>\(e(form.thankYouText ?? L10n.text("capture.page.thanks", language)))</p>\n"
        let shown = form.fields.compactMap { field -> (String, String)? in
            guard case .string(let text) = answers[field.name] else { return nil }
            return (field.label, text)
        }
        if !shown.isEmpty {
            body += "<h2>\(e(L10n.text("capture.page.received", language)))</h2>\n<dl>\n"
            for (label, text) in shown { body += "<dt>\(e(label))</dt><dd>\(e(text))</dd>\n" }
            body += "</dl>\n"
        }
        return page(title: form.title, language: language, body: body)
    }

    private static func fieldHTML(_ field: CaptureField, language: Language) -> String {
        let id = "cf-\(field.name)"
        let required = field.required ? " required" : ""
        let mark = field.required ? " <span class=\"required\">\(e(L10n.text("capture.page.required", language)))</span>" : ""
        let label = "<label for=\"\(id)\">\(e(field.label))\(mark)</label>"
        switch field.kind {
        case .checkbox:
            return "<p><label><input id=\"\(id)\" type=\"checkbox\" name=\"\(field.name)\" value=\"on\"\(required)> \(e(field.label))\(mark)</label></p>\n"
        case .textarea:
            return "<p>\(label)<textarea id=\"\(id)\" name=\"\(field.name)\" rows=\"5\" maxlength=\"\(field.limit)\"\(required)></textarea></p>\n"
        case .select:
            var html = "<p>\(label)<select id=\"\(id)\" name=\"\(field.name)\"\(required)><option value=\"\">\(e(L10n.text("capture.page.choose", language)))</option>"
            for option in field.options { html += "<option>\(e(option))</option>" }
            return html + "</select></p>\n"
        case .text, .email, .phone:
            let type = field.kind == .email ? "email" : field.kind == .phone ? "tel" : "text"
            return "<p>\(label)<input id=\"\(id)\" name=\"\(field.name)\" type=\"\(type)\" maxlength=\"\(field.limit)\"\(required)></p>\n"
        }
    }

    private static func page(title: String, language: Language, body: String) -> String {
        """
        <!doctype html>
        <html lang="\(language.rawValue)">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>\(e(title))</title>
        <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.4}\
        label{display:block;margin:.8rem 0 .2rem}input,textarea,select{width:100%;padding:.4rem;box-sizing:border-box}\
        input[type=checkbox]{width:auto}button{margin-top:1rem;padding:.5rem 1.2rem}</style></head>
        <body>
        <h1>\(e(title))</h1>
        \(body)</body>
        </html>

        """
    }

    private static func e(_ text: String) -> String { HTMLEscape.escape(text) }
}
