import CarnetCore
import Foundation
import Testing

/// A capture form's definition is checked without a database; every problem names its field.
@Suite("Capture form definitions")
struct CaptureFormValidationTests {
    static let now = Date(timeIntervalSince1970: 1_772_445_600)

    static func form(_ fields: [CaptureField] = [CaptureField(name: "email", label: "E-mail", kind: .email, required: true, mapsTo: "email")],
                     _ configure: (inout CaptureForm) -> Void = { _ in }) -> CaptureForm {
        var form = CaptureForm(id: "cfm_1", slug: "contact-us", title: "Contact us", fields: fields, at: now)
        configure(&form)
        return form
    }

    /// The fields named by the problems of `form`, in order; empty when it is valid.
    static func problems(_ form: CaptureForm, language: Language = .en) -> [String] {
        do {
            try form.validate(language: language)
            return []
        } catch {
            guard case .validation(let errors) = error else { return ["not a validation error"] }
            return errors.map(\.field)
        }
    }

    @Test("a form with an e-mail field, consent, redirect and tags is valid")
    func valid() {
        let form = Self.form { form in
            form.consentText = "Send me news"
            form.redirectURL = "https://example.com/thanks"
            form.tags = ["fair-2026"]
            form.fields.append(CaptureField(name: "size", label: "Size", kind: .select, options: ["1-10", "11-50"], mapsTo: "custom.size"))
            form.fields.append(CaptureField(name: "newsletter", label: "Newsletter", kind: .checkbox, mapsTo: "custom.newsletter"))
        }
        #expect(Self.problems(form) == [])
    }

    @Test("slugs are lower-case letters, digits and hyphens, at most 60", arguments: [
        ("Contact", false), ("contact us", false), ("a/b", false), ("", false), (String(repeating: "a", count: 61), false),
        ("contact-us-2026", true), (String(repeating: "a", count: 60), true),
    ])
    func slugs(slug: String, valid: Bool) {
        #expect(Self.problems(Self.form { $0.slug = slug }).contains("slug") == !valid)
    }

    @Test("field names are checked: format, reserved names, repeats")
    func fieldNames() {
        let fields = [
            CaptureField(name: "email", label: "E-mail", mapsTo: "email"),
            CaptureField(name: "E mail", label: "Bad"),
            CaptureField(name: "website_url", label: "Honeypot"),
            CaptureField(name: "utm_source", label: "Source"),
            CaptureField(name: "email", label: "Again"),
        ]
        #expect(Self.problems(Self.form(fields)) == ["fields[1].name", "fields[2].name", "fields[3].name", "fields[4].name"])
    }

    @Test("options belong to select fields, and a select needs some")
    func options() {
        let fields = [
            CaptureField(name: "email", label: "E-mail", mapsTo: "email"),
            CaptureField(name: "size", label: "Size", kind: .select),
            CaptureField(name: "city", label: "City", options: ["Lyon"]),
        ]
        #expect(Self.problems(Self.form(fields)) == ["fields[1].options", "fields[2].options"])
    }

    @Test("maps_to must be a known target, used once; a checkbox fills only a custom field")
    func targets() {
        let fields = [
            CaptureField(name: "email", label: "E-mail", mapsTo: "email"),
            CaptureField(name: "mail2", label: "E-mail again", mapsTo: "email"),
            CaptureField(name: "shoe", label: "Shoe size", mapsTo: "shoe_size"),
            CaptureField(name: "company", label: "Company", mapsTo: "company.turnover"),
            CaptureField(name: "optin", label: "Opt in", kind: .checkbox, mapsTo: "last_name"),
            CaptureField(name: "budget", label: "Budget", mapsTo: "custom.bad key"),
        ]
        #expect(Self.problems(Self.form(fields)) == ["fields[1].maps_to", "fields[2].maps_to", "fields[3].maps_to", "fields[4].maps_to", "fields[5].maps_to"])
    }

    @Test("a form must fill an e-mail or a name, so a lead can be recorded")
    func identity() {
        let form = Self.form([CaptureField(name: "message", label: "Message", kind: .textarea)])
        #expect(Self.problems(form) == ["fields"])
        #expect(Self.problems(Self.form([])) == ["fields"])
    }

    @Test("max_length cannot exceed what the target keeps")
    func maxLength() {
        let fields = [
            CaptureField(name: "email", label: "E-mail", mapsTo: "email"),
            CaptureField(name: "postcode", label: "Postcode", maxLength: 21, mapsTo: "postcode"),
            CaptureField(name: "note", label: "Note", maxLength: 0),
            CaptureField(name: "zip", label: "Zip", maxLength: 20, mapsTo: "company.region"),
        ]
        #expect(Self.problems(Self.form(fields)) == ["fields[1].max_length", "fields[2].max_length"])
    }

    @Test("the redirect is an http or https address", arguments: [
        ("javascript:alert(1)", false), ("ftp://example.com/x", false), ("/thanks", false), ("https://", false),
        ("http://example.com", true), ("https://example.com/merci?x=1", true),
    ])
    func redirect(url: String, valid: Bool) {
        #expect(Self.problems(Self.form { $0.redirectURL = url }).contains("redirect_url") == !valid)
    }

    @Test("problems are in French when asked")
    func french() throws {
        do {
            try Self.form { $0.slug = "Bad Slug" }.validate(language: .fr)
            Issue.record("a bad slug passed")
        } catch {
            guard case .validation(let errors) = error else { throw error }
            #expect(errors == [FieldError("slug", "doit faire de 1 à 60 lettres minuscules, chiffres ou tirets (reçu « Bad Slug »)")])
        }
    }

    @Test("a patch trims texts, drops repeated tags and clears with null")
    func patch() throws {
        var form = Self.form { $0.thankYouText = "Merci" }
        let patch = try CarnetJSON.decoder.decode(CaptureFormPatch.self, from: Data("""
            {"slug": " expo ", "tags": ["Fair", "fair", " "], "thank_you_text": null, "create_deal": true}
            """.utf8))
        form.apply(patch)
        #expect(form.slug == "expo")
        #expect(form.tags == ["Fair"])
        #expect(form.thankYouText == nil)
        #expect(form.createDeal)
    }
}
