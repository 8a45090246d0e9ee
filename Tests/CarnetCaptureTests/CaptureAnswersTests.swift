import CarnetCore
import Foundation
import Testing

/// Reading a submission against its form, without a database.
@Suite("Capture submissions")
struct CaptureAnswersTests {
    static let form: CaptureForm = {
        var form = CaptureForm(id: "cfm_1", slug: "expo", title: "Expo", fields: [
            CaptureField(name: "name", label: "Name", required: true, maxLength: 20, mapsTo: "last_name"),
            CaptureField(name: "email", label: "E-mail", kind: .email, required: true, mapsTo: "email"),
            CaptureField(name: "country", label: "Country", mapsTo: "country"),
            CaptureField(name: "size", label: "Size", kind: .select, options: ["1-10", "11-50"], mapsTo: "custom.size"),
            CaptureField(name: "employees", label: "Employees", mapsTo: "company.size"),
            CaptureField(name: "demo", label: "Book a demo", kind: .checkbox, mapsTo: "custom.demo"),
            CaptureField(name: "message", label: "Message", kind: .textarea),
        ], at: Date(timeIntervalSince1970: 0))
        form.consentText = "Send me news"
        return form
    }()

    static func problems(_ values: [String: String]) -> [FieldError] {
        do {
            _ = try form.read(values)
            return []
        } catch {
            guard case .validation(let errors) = error else { return [FieldError("?", "not a validation error")] }
            return errors
        }
    }

    @Test("answers go to the contact, its company, custom fields; consent and UTM are read")
    func sorted() throws {
        let lead = try Self.form.read([
            "name": "  Lima ", "email": "Ana@Example.COM", "country": "fr", "size": "11-50", "employees": "42", "demo": "on",
            "message": "<script>alert(1)</script>", "consent": "on", "utm_source": "newsletter", "utm_campaign": "spring", "other": "ignored",
        ])
        #expect(lead.contact == ["last_name": "Lima", "email": "Ana@Example.COM", "country": "FR"])
        #expect(lead.email == "ana@example.com")
        #expect(lead.company == ["size": "42"])
        #expect(lead.custom == ["size": .string("11-50"), "demo": .bool(true)])
        #expect(lead.answers["message"] == .string("<script>alert(1)</script>"))
        #expect(lead.answers["other"] == nil)
        #expect(lead.consent)
        #expect(lead.utm == UTMParameters(source: "newsletter", campaign: "spring"))
    }

    @Test("a missing required field, a long answer, a bad e-mail, an unknown option, a bad country, a bad number are named")
    func problems() {
        let errors = Self.problems(["name": String(repeating: "x", count: 21), "email": "not-an-address", "country": "France",
                                    "size": "500+", "employees": "many", "utm_medium": String(repeating: "m", count: 201)])
        #expect(errors.map(\.field) == ["name", "email", "country", "size", "employees", "utm_medium"])
        #expect(errors.first?.message == "must be at most 20 characters (got 21)")
        #expect(Self.problems(["email": "a@b.co"]) == [FieldError("name", "is required")])
    }

    @Test("an unticked consent box leaves the opt-in alone; a required checkbox must be ticked")
    func checkboxes() throws {
        #expect(try Self.form.read(["name": "Lima", "email": "a@b.co", "consent": "off"]).consent == false)
        var form = Self.form
        form.fields[5].required = true
        #expect(throws: CarnetError.self) { try form.read(["name": "Lima", "email": "a@b.co"]) }
    }

    @Test("an existing contact only gets its empty fields, and the form's new tags")
    func fillsOnlyEmptyFields() throws {
        let lead = try Self.form.read(["name": "Lima", "email": "ana@example.com", "country": "FR", "size": "1-10", "consent": "on"])
        var existing = Contact(id: "con_1", at: Date(timeIntervalSince1970: 0))
        existing.lastName = "Dupont"
        existing.email = "ana@example.com"
        existing.tags = ["VIP"]
        existing.source = "import"
        existing.ownerID = "usr_1"
        existing.customFields = ["size": .string("11-50")]
        let patch = lead.contactPatch(filling: existing, tags: ["vip", "expo"], source: "form:expo", companyID: "com_1", ownerID: "usr_2")
        var changed = existing
        changed.apply(patch)
        #expect(changed.lastName == "Dupont")
        #expect(changed.country == "FR")
        #expect(changed.tags == ["VIP", "expo"])
        #expect(changed.source == "import")
        #expect(changed.ownerID == "usr_1")
        #expect(changed.companyID == "com_1")
        // The kept value stays; the unticked box is an answer the contact did not have.
        #expect(changed.customFields == ["size": .string("11-50"), "demo": .bool(false)])
        #expect(changed.emailOptIn)
    }
}
