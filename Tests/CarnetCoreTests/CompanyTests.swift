import CarnetCore
import Foundation
import Testing

@Suite("Company")
struct CompanyTests {
    func company(_ configure: (inout Company) -> Void = { _ in }) -> Company {
        var company = Company(id: "com_01jd3k0000000000000000000a", at: newYear2026)
        company.name = "Atelier Dupré"
        configure(&company)
        return company
    }

    func errorFields(_ company: Company) -> [String] {
        do {
            try company.validate()
            return []
        } catch {
            return validationFields(error) ?? ["not a validation error: \(error)"]
        }
    }

    @Test("a company with a name is valid")
    func valid() throws {
        try company {
            $0.size = 0
            $0.annualRevenue = 0
            $0.country = "FR"
            $0.currency = .eur
        }.validate()
    }

    @Test("a company requires a name", arguments: ["", "   ", "\n"])
    func requiresName(name: String) {
        #expect(errorFields(company { $0.name = name }) == ["name"])
    }

    @Test("the name is at most 200 characters")
    func nameLength() {
        #expect(errorFields(company { $0.name = String(repeating: "n", count: 201) }) == ["name"])
    }

    @Test("a negative size is refused")
    func negativeSize() {
        #expect(errorFields(company { $0.size = -1 }) == ["size"])
    }

    @Test("a negative revenue is refused")
    func negativeRevenue() {
        #expect(errorFields(company { $0.annualRevenue = -100 }) == ["annual_revenue"])
    }

    @Test("every problem is reported at once")
    func allProblems() {
        #expect(errorFields(company {
            $0.name = ""
            $0.size = -5
            $0.annualRevenue = -1
            $0.country = "Frankreich"
        }) == ["name", "size", "annual_revenue", "country"])
    }

    @Test("a patch sets, clears and keeps fields, then normalises")
    func patch() throws {
        var target = company {
            $0.industry = "Furniture"
            $0.website = "https://atelier.example"
            $0.size = 12
        }
        let patch = try decodeJSON(CompanyPatch.self, #"""
        {"name": "  Atelier Dupré SARL ", "industry": null, "country": "fr", "annual_revenue": 150000000, "currency": "eur", "custom_fields": {"siret": "123"}}
        """#)
        target.apply(patch)
        #expect(target.name == "Atelier Dupré SARL")
        #expect(target.industry == nil)
        #expect(target.website == "https://atelier.example")
        #expect(target.size == 12)
        #expect(target.country == "FR")
        #expect(target.annualRevenue == 150_000_000)
        #expect(target.currency == .eur)
        #expect(target.customFields == ["siret": .string("123")])
        try target.validate()
    }

    @Test("a null name becomes empty and fails validation")
    func nullName() throws {
        let patch = try decodeJSON(CompanyPatch.self, #"{"name": null}"#)
        #expect(patch.name == "")
        var target = company()
        target.apply(patch)
        #expect(errorFields(target) == ["name"])
    }

    @Test("a patch refuses unknown keys and unknown currencies", arguments: [
        #"{"nmae": "Atelier"}"#,
        #"{"currency": "XYZ"}"#,
        #"{"size": "twelve"}"#,
    ])
    func patchRejects(json: String) {
        #expect(throws: DecodingError.self) {
            try decodeJSON(CompanyPatch.self, json)
        }
    }
}
