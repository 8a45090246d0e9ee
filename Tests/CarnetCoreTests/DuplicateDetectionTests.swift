import CarnetCore
import Foundation
import Testing

@Suite("Duplicate detection: normalisation, similarity, keys and scores")
struct DuplicateDetectionTests {
    @Test("phone numbers written many ways give one E.164 number", arguments: [
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("+33 6 12 34 56 78", "FR", "+33612345678"),
        ("0033 (0)6.12.34.56.78", "FR", "+33612345678"),
        ("06-12-34-56-78", "FR", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "DE", "+33612345678"),
        ("02 123 45 67", "BE", "+3221234567"),
        ("06 1234 5678", "IT", "+390612345678"),
        ("(030) 1234567", "DE", "+49301234567"),
    ])
    func phones(text: String, region: String, expected: String) {
        #expect(PhoneNumber.e164(text, region: region) == expected)
    }

    @Test("what is not a phone number gives none", arguments: ["call me", "12", "0612", "612345678", "+33 6 12 ext 4", "", "00"])
    func notPhones(text: String) {
        #expect(PhoneNumber.e164(text, region: "FR") == nil)
    }

    @Test("a national number of a region without a calling code is not read")
    func unknownRegion() {
        #expect(PhoneNumber.e164("06 12 34 56 78", region: "ZZ") == nil)
        #expect(PhoneNumber.e164("+33 6 12 34 56 78", region: "ZZ") == "+33612345678")
    }

    @Test("e-mails are trimmed and lower-cased, Gmail dots kept")
    func emails() {
        #expect(NormalizedEmail.of("  Ana.Lima@Example.COM ") == "ana.lima@example.com")
        #expect(NormalizedEmail.of("ana.lima@gmail.com") != NormalizedEmail.of("analima@gmail.com"))
        #expect(NormalizedEmail.of("not an address") == nil)
        #expect(NormalizedEmail.of(nil) == nil)
    }

    @Test("website domains drop scheme, www., credentials, port and path", arguments: [
        ("https://www.Acme.fr/contact?x=1", "acme.fr"),
        ("acme.fr", "acme.fr"),
        ("http://user@shop.acme.co.uk:8080/", "shop.acme.co.uk"),
        ("WWW.ACME.FR.", "acme.fr"),
    ])
    func domains(text: String, expected: String) {
        #expect(WebsiteDomain.of(text) == expected)
    }

    @Test("a website without a dotted host has no domain")
    func noDomain() {
        #expect(WebsiteDomain.of("localhost") == nil)
        #expect(WebsiteDomain.of("   ") == nil)
    }

    @Test("Jaro-Winkler gives the textbook figures, on folded names")
    func jaroWinkler() {
        #expect((NameSimilarity.of("MARTHA", "MARHTA") * 1000).rounded() == 961)
        #expect((NameSimilarity.of("dixon", "dicksonx") * 1000).rounded() == 813)
        #expect(NameSimilarity.of("Éloïse Dupré", "eloise dupre") == 1)
        #expect(NameSimilarity.of("", "Ana") == 0)
        #expect(NameSimilarity.of("abc", "xyz") == 0)
    }

    @Test("Soundex groups spellings of one surname", arguments: [("Dupont", "D153"), ("Dupond", "D153"), ("Robert", "R163"), ("Rupert", "R163"), ("Ashcraft", "A261"), ("Éloïse", "E420"), ("Li", "L000")])
    func soundex(name: String, code: String) {
        #expect(Soundex.of(name) == code)
    }

    func contact(_ id: String, first: String?, last: String?, email: String? = nil, phones: [String] = [], company: String? = nil) -> Contact {
        var contact = Contact(id: id, at: Date(timeIntervalSince1970: 0))
        contact.firstName = first
        contact.lastName = last
        contact.email = email
        contact.phones = phones
        contact.companyID = company
        return contact
    }

    @Test("a contact's blocking keys: each e-mail, each phone, Soundex of the last name with the company or the first initial")
    func contactKeys() {
        var jean = contact("con_1", first: "Jean", last: "Dupont", email: "Jean@Acme.fr", phones: ["06 12 34 56 78", "+33 6 12 34 56 78"], company: "com_9")
        jean.emails = ["jean.dupont@gmail.com", "JEAN@acme.fr"]
        #expect(DuplicateProfile(contact: jean, region: "FR").keys == ["email:jean@acme.fr", "email:jean.dupont@gmail.com", "phone:+33612345678", "name:D153:com_9"])
        let alone = contact("con_2", first: "Éric", last: "Dupond")
        #expect(DuplicateProfile(contact: alone, region: "FR").keys == ["name:D153:e"])
        #expect(DuplicateProfile(contact: contact("con_3", first: nil, last: "Dupond"), region: "FR").keys.isEmpty)
    }

    @Test("a company's keys: Soundex of its name without legal form, and its domain")
    func companyKeys() {
        var acme = Company(id: "com_1", at: Date(timeIntervalSince1970: 0))
        acme.name = "ACME S.A.S."
        acme.website = "https://www.acme.fr/"
        let profile = DuplicateProfile(company: acme)
        #expect(profile.name == "acme")
        #expect(profile.keys == ["name:A250", "domain:acme.fr"])
    }

    @Test("same e-mail, similar name and same company score 0.979 with three reasons")
    func contactScore() throws {
        let a = DuplicateProfile(contact: contact("con_1", first: "Jean", last: "Dupont", email: "jean@acme.fr", company: "com_9"), region: "FR")
        let b = DuplicateProfile(contact: contact("con_2", first: "Jean", last: "Dupond", email: "JEAN@acme.fr", company: "com_9"), region: "FR")
        let match = try #require(DuplicateMatch.between(a, b))
        #expect(match.reasons == [DuplicateReason("same_email", value: "jean@acme.fr"), DuplicateReason("similar_name", similarity: 0.964), DuplicateReason("same_company")])
        // 1 − (1 − 0.9)(1 − 0.6 × 0.964)(1 − 0.5)
        #expect(match.score == 0.979)
    }

    @Test("a shared phone and a close name score 0.875; the same name alone 0.6; names entered the other way round match")
    func otherScores() throws {
        let ana = DuplicateProfile(contact: contact("con_1", first: "Ana", last: "Lima", phones: ["06 12 34 56 78"]), region: "FR")
        let anna = DuplicateProfile(contact: contact("con_2", first: "Anna", last: "Lima", phones: ["+33612345678"]), region: "FR")
        let match = try #require(DuplicateMatch.between(ana, anna))
        #expect(match.reasons.map(\.code) == ["same_phone", "similar_name"])
        #expect(match.score == 0.875)
        let marie = DuplicateProfile(contact: contact("con_3", first: "Marie", last: "Martin"), region: "FR")
        let swapped = DuplicateProfile(contact: contact("con_4", first: "Martin", last: "Marie"), region: "FR")
        #expect(DuplicateMatch.between(marie, swapped)?.score == 0.6)
        let other = DuplicateProfile(contact: contact("con_5", first: "Paul", last: "Durand"), region: "FR")
        #expect(DuplicateMatch.between(marie, other) == nil)
    }

    @Test("companies: same domain and a close name score 0.958; the same name alone 0.8")
    func companyScore() throws {
        var a = Company(id: "com_1", at: Date(timeIntervalSince1970: 0)), b = Company(id: "com_2", at: Date(timeIntervalSince1970: 0))
        a.name = "Acme Industries SA"
        a.website = "acme.fr"
        b.name = "ACME Industrie"
        b.website = "http://www.acme.fr/about"
        let match = try #require(DuplicateMatch.between(DuplicateProfile(company: a), DuplicateProfile(company: b)))
        #expect(match.reasons == [DuplicateReason("similar_name", similarity: 0.987), DuplicateReason("same_domain", value: "acme.fr")])
        #expect(match.score == 0.958)
        b.website = nil
        b.name = "Acme Industries"
        #expect(DuplicateMatch.between(DuplicateProfile(company: a), DuplicateProfile(company: b))?.score == 0.8)
    }

    @Test("a merge keeps the survivor's values, fills its gaps, joins lists, and takes what the caller chose")
    func mergePlan() throws {
        let survivor: [String: JSONValue] = ["first_name": .string("Jean"), "last_name": .string("Dupont"), "email": .string("jean@acme.fr"),
                                             "emails": .array([]), "phones": .array([.string("0612345678")]), "title": .null, "tags": .array([.string("vip")]),
                                             "email_opt_in": .bool(false), "custom_fields": .object(["a": .number(1)])]
        let merged: [String: JSONValue] = ["first_name": .string("J."), "last_name": .string("Dupond"), "email": .string("jdupont@gmail.com"),
                                           "emails": .array([]), "phones": .array([.string("0699999999")]), "title": .string("CEO"), "tags": .array([.string("VIP"), .string("fair")]),
                                           "email_opt_in": .bool(true), "custom_fields": .object(["a": .number(2), "b": .number(3)])]
        let patch = try MergePlan.patch(survivor: survivor, merged: merged, choices: ["email": .merged, "last_name": .survivor], entity: .contact)
        #expect(patch == [
            "email": .string("jdupont@gmail.com"),
            "emails": .array([.string("jean@acme.fr")]),
            "phones": .array([.string("0612345678"), .string("0699999999")]),
            "title": .string("CEO"),
            "tags": .array([.string("vip"), .string("fair")]),
            "custom_fields": .object(["a": .number(1), "b": .number(3)]),
        ])
    }

    @Test("a merge choice naming an unknown field is a 422 naming it")
    func mergeUnknownField() {
        #expect(throws: CarnetError.self) { try MergePlan.check(["colour": .merged], entity: .contact) }
        do {
            try MergePlan.check(["colour": .merged, "email": .merged], entity: .company)
            Issue.record("no error")
        } catch {
            #expect(validationFields(error) == ["fields.colour", "fields.email"])
        }
    }

    @Test("threshold query values outside 0–1 or not numbers are refused", arguments: ["-0.1", "1.01", "nan", "inf", "high", ""])
    func thresholds(text: String) {
        #expect(throws: CarnetError.self) { try QueryValue.fraction(text, field: "threshold", fallback: 0.7) }
    }

    @Test("thresholds within 0–1 are read; absent is the default")
    func goodThresholds() throws {
        #expect(try QueryValue.fraction("0.85", field: "threshold", fallback: 0.7) == 0.85)
        #expect(try QueryValue.fraction(nil, field: "threshold", fallback: 0.7) == 0.7)
        #expect(try QueryValue.fraction("1", field: "threshold", fallback: 0.7) == 1)
    }
}
