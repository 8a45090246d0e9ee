import CarnetCore
import Foundation
import Testing

@Suite("Contact")
struct ContactTests {
    func contact(_ configure: (inout Contact) -> Void = { _ in }) -> Contact {
        var contact = Contact(id: "con_01jd3k0000000000000000000a", at: newYear2026)
        contact.firstName = "Claire"
        contact.lastName = "Martin"
        contact.email = "claire@example.com"
        configure(&contact)
        return contact
    }

    func validationErrors(_ contact: Contact) -> [FieldError] {
        do {
            try contact.validate()
            return []
        } catch {
            guard case .validation(let errors) = error else {
                Issue.record("expected a validation error, got \(error)")
                return []
            }
            return errors
        }
    }

    // MARK: validate

    @Test("a contact with a name and a valid e-mail is valid")
    func valid() throws {
        try contact().validate()
    }

    @Test("a first name, a last name or an e-mail alone is enough", arguments: [
        (String?("Claire"), String?.none, String?.none),
        (nil, "Martin", nil),
        (nil, nil, "claire@example.com"),
    ])
    func oneIdentityIsEnough(first: String?, last: String?, email: String?) throws {
        let candidate = contact {
            $0.firstName = first
            $0.lastName = last
            $0.email = email
        }
        try candidate.validate()
    }

    @Test("a contact needs a name or an e-mail", arguments: [
        (String?.none, String?.none, String?.none),
        ("", "  ", nil),
        (" ", nil, "\t"),
    ])
    func needsIdentity(first: String?, last: String?, email: String?) {
        let candidate = contact {
            $0.firstName = first
            $0.lastName = last
            $0.email = email
        }
        let errors = validationErrors(candidate)
        #expect(errors.contains(FieldError("last_name", "a contact needs a first name, a last name or an e-mail")))
    }

    @Test("an invalid e-mail is reported on its field")
    func invalidEmail() {
        let errors = validationErrors(contact { $0.email = "claire@example" })
        #expect(errors == [FieldError("email", "is not a valid e-mail address: claire@example")])
    }

    @Test("an invalid secondary e-mail names its index")
    func invalidSecondaryEmail() {
        let errors = validationErrors(contact { $0.emails = ["c.martin@example.org", "not an address"] })
        #expect(errors.map(\.field) == ["emails[1]"])
    }

    /// Sets the text field the API calls `field`.
    func setting(_ field: String, to value: String) -> Contact {
        contact {
            switch field {
            case "first_name": $0.firstName = value
            case "last_name": $0.lastName = value
            case "title": $0.title = value
            case "street": $0.street = value
            case "city": $0.city = value
            case "region": $0.region = value
            case "source": $0.source = value
            case "external_ref": $0.externalRef = value
            default: Issue.record("no such text field \(field)")
            }
        }
    }

    @Test("texts over 200 characters are refused", arguments: [
        "first_name", "last_name", "title", "street", "city", "region", "source", "external_ref",
    ])
    func tooLong(field: String) {
        #expect(validationErrors(setting(field, to: String(repeating: "x", count: 200))).isEmpty)
        #expect(validationErrors(setting(field, to: String(repeating: "x", count: 201)))
            == [FieldError(field, "must be at most 200 characters (got 201)")])
    }

    @Test("a postcode is at most 20 characters")
    func postcode() {
        #expect(validationErrors(contact { $0.postcode = String(repeating: "9", count: 21) }).map(\.field) == ["postcode"])
    }

    @Test("the country must be an ISO 3166 code", arguments: ["XX", "FRA", "France", "", "F"])
    func badCountry(country: String) {
        let errors = validationErrors(contact { $0.country = country })
        #expect(errors.map(\.field) == ["country"])
        #expect(errors.first?.message.contains("FR") == true)
    }

    @Test("known countries are accepted in either case", arguments: ["FR", "fr", "DE", "TN", "JP", "us"])
    func goodCountry(country: String) throws {
        try contact { $0.country = country }.validate()
    }

    @Test("at most 50 tags, each at most 50 characters")
    func tags() {
        let fifty = (1...50).map { "tag\($0)" }
        #expect(validationErrors(contact { $0.tags = fifty }).isEmpty)
        #expect(validationErrors(contact { $0.tags = fifty + ["one more"] }) == [FieldError("tags", "must have at most 50 items (got 51)")])
        #expect(validationErrors(contact { $0.tags = ["ok", String(repeating: "t", count: 51)] }).map(\.field) == ["tags[1]"])
    }

    @Test("custom field names are letters, digits or underscores")
    func customFieldNames() {
        let errors = validationErrors(contact { $0.customFields = ["shoe size": .number(42), "need": .string("CRM")] })
        #expect(errors.map(\.field) == ["custom.shoe size"])
    }

    @Test("every problem is reported at once")
    func allProblemsAtOnce() {
        let errors = validationErrors(contact {
            $0.email = "nope"
            $0.country = "ZZ"
            $0.title = String(repeating: "x", count: 201)
        })
        #expect(Set(errors.map(\.field)) == ["email", "country", "title"])
    }

    // MARK: normalize

    @Test("normalize trims texts, lower-cases e-mails, upper-cases the country and dedups tags")
    func normalize() {
        var candidate = contact {
            $0.firstName = "  Claire "
            $0.lastName = "\tMartin\n"
            $0.email = "  Claire.Martin@Example.COM "
            $0.emails = ["C.Martin@Example.org", "   ", " other@EXAMPLE.net"]
            $0.phones = [" +33 6 12 34 56 78 ", ""]
            $0.title = "   "
            $0.city = " Lyon "
            $0.country = " fr "
            $0.tags = ["VIP", " vip ", "Prospect", "", "prospect", "Salon 2026"]
        }
        candidate.normalize()
        #expect(candidate.firstName == "Claire")
        #expect(candidate.lastName == "Martin")
        #expect(candidate.email == "claire.martin@example.com")
        #expect(candidate.emails == ["c.martin@example.org", "other@example.net"])
        #expect(candidate.phones == ["+33 6 12 34 56 78"])
        #expect(candidate.title == nil)
        #expect(candidate.city == "Lyon")
        #expect(candidate.country == "FR")
        #expect(candidate.tags == ["VIP", "Prospect", "Salon 2026"])
    }

    @Test("displayName is the name, else the e-mail, else the id")
    func displayName() {
        #expect(contact().displayName == "Claire Martin")
        #expect(contact { $0.lastName = nil }.displayName == "Claire")
        #expect(contact { $0.firstName = nil; $0.lastName = nil }.displayName == "claire@example.com")
        #expect(contact { $0.firstName = nil; $0.lastName = nil; $0.email = nil }.displayName == "con_01jd3k0000000000000000000a")
    }

    // MARK: ContactPatch

    @Test("an absent key keeps the value, null clears it, a value sets it")
    func patchSemantics() throws {
        let patch = try decodeJSON(ContactPatch.self, #"{"first_name": "Chloé", "title": null, "tags": null, "email_opt_in": true}"#)
        #expect(patch.firstName == .some("Chloé"))
        #expect(patch.title == .some(nil))
        #expect(patch.lastName == nil)
        #expect(patch.tags == .some(nil))
        #expect(patch.emailOptIn == .some(true))
        #expect(patch.customFields == nil)
        #expect(patch.version == nil)

        var target = contact {
            $0.title = "CTO"
            $0.city = "Lyon"
            $0.tags = ["VIP"]
        }
        target.apply(patch)
        #expect(target.firstName == "Chloé")
        #expect(target.lastName == "Martin")
        #expect(target.title == nil)
        #expect(target.city == "Lyon")
        #expect(target.tags == [])
        #expect(target.emailOptIn)
    }

    @Test("null resets a flag or a list to its empty value")
    func patchResets() throws {
        let patch = try decodeJSON(ContactPatch.self, #"{"do_not_email": null, "phones": null}"#)
        var target = contact {
            $0.doNotEmail = true
            $0.phones = ["+33 1 23 45 67 89"]
        }
        target.apply(patch)
        #expect(target.doNotEmail == false)
        #expect(target.phones == [])
    }

    @Test("applying a patch normalises the result")
    func patchNormalises() throws {
        let patch = try decodeJSON(ContactPatch.self, #"{"email": " Chloe@Example.COM ", "country": "de", "tags": ["a", "A", " b "]}"#)
        var target = contact()
        target.apply(patch)
        #expect(target.email == "chloe@example.com")
        #expect(target.country == "DE")
        #expect(target.tags == ["a", "b"])
    }

    @Test("the version is read for optimistic locking")
    func patchVersion() throws {
        #expect(try decodeJSON(ContactPatch.self, #"{"version": 7}"#).version == 7)
    }

    @Test("an unknown key is refused and named in the coding path", arguments: ["frist_name", "firstName", "phone"])
    func unknownKey(key: String) throws {
        let error = try #require(throws: DecodingError.self) {
            try decodeJSON(ContactPatch.self, #"{"last_name": "Martin", "\#(key)": "Claire"}"#)
        }
        guard case .dataCorrupted(let context) = error else {
            Issue.record("expected dataCorrupted, got \(error)")
            return
        }
        #expect(context.codingPath.last?.stringValue == key)
        #expect(context.debugDescription == "unknown field")
    }

    @Test("a value of the wrong type is refused", arguments: [
        (#"{"first_name": 42}"#, "first_name"),
        (#"{"tags": "vip"}"#, "tags"),
        (#"{"email_opt_in": "yes"}"#, "email_opt_in"),
        (#"{"custom_fields": [1, 2]}"#, "custom_fields"),
        (#"{"version": "3"}"#, "version"),
    ])
    func wrongType(json: String, field: String) throws {
        let error = try #require(throws: DecodingError.self) {
            try decodeJSON(ContactPatch.self, json)
        }
        guard case .typeMismatch(_, let context) = error else {
            Issue.record("expected typeMismatch, got \(error)")
            return
        }
        #expect(context.codingPath.first?.stringValue == field)
    }

    @Test("custom fields merge key by key and a null removes one key")
    func customFieldMerge() throws {
        var target = contact {
            $0.customFields = ["need": .string("CRM"), "budget": .number(5000), "source_event": .string("Salon")]
        }
        let patch = try decodeJSON(ContactPatch.self, #"{"custom_fields": {"budget": null, "need": "ERP", "seats": 12, "vip": true}}"#)
        target.apply(patch)
        #expect(target.customFields == [
            "need": .string("ERP"),
            "source_event": .string("Salon"),
            "seats": .number(12),
            "vip": .bool(true),
        ])
    }

    @Test("custom_fields: null clears every custom field")
    func customFieldsNull() throws {
        var target = contact { $0.customFields = ["need": .string("CRM")] }
        target.apply(try decodeJSON(ContactPatch.self, #"{"custom_fields": null}"#))
        #expect(target.customFields.isEmpty)
    }

    @Test("a contact encodes with API field names")
    func encoding() throws {
        let json = JSONValue.of(contact { $0.externalRef = "crm-42" })
        guard case .object(let members) = json else {
            Issue.record("expected an object, got \(json)")
            return
        }
        #expect(members["first_name"] == .string("Claire"))
        #expect(members["external_ref"] == .string("crm-42"))
        #expect(members["created_at"] == .string("2026-01-01T00:00:00.000Z"))
        #expect(members["email_opt_in"] == .bool(false))
        #expect(members["firstName"] == nil)
    }
}
