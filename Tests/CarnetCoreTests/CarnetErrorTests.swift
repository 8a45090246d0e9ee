import CarnetCore
import Testing

@Suite("CarnetError")
struct CarnetErrorTests {
    @Test("a validation error lists each field and what is wrong")
    func validation() {
        let error = CarnetError.validation([FieldError("email", "is not a valid e-mail address: x"), FieldError("country", "must be an ISO 3166 two-letter code such as FR (got ZZ)")])
        #expect(error.detail == "Invalid input: email: is not a valid e-mail address: x; country: must be an ISO 3166 two-letter code such as FR (got ZZ)")
    }

    @Test("a version conflict gives both versions and says to reload")
    func versionConflict() {
        let detail = CarnetError.versionConflict(entity: "contact", id: "con_1", expected: 3, actual: 4).detail
        #expect(detail.contains("con_1"))
        #expect(detail.contains("version 3"))
        #expect(detail.contains("now at 4"))
        #expect(detail.contains("Reload"))
    }

    @Test("a disabled module names the command that enables it")
    func moduleDisabled() {
        let detail = CarnetError.moduleDisabled(module: "followups").detail
        #expect(detail.contains("`carnet modules enable followups`"))
        #expect(detail.contains("Modules page"))
    }

    @Test("a stage rule names the stage and every missing field")
    func stageRule() {
        let detail = CarnetError.stageRule(stage: "proposal", missing: [
            FieldError("amount", "is required to enter Proposal sent"),
            FieldError("expected_close", "is required to enter Proposal sent"),
        ]).detail
        #expect(detail == "The deal cannot enter stage proposal: amount — is required to enter Proposal sent; expected_close — is required to enter Proposal sent")
    }

    @Test("other errors read as a sentence", arguments: [
        (CarnetError.notFound(entity: "deal", id: "deal_9"), "No deal with id deal_9."),
        (.duplicate(entity: "user", field: "email", value: "a@example.com"), "A user with email a@example.com already exists."),
        (.malformed(detail: "expected a JSON object", field: nil), "expected a JSON object"),
        (.unauthenticated("Sign in first."), "Sign in first."),
        (.forbidden("Admins only."), "Admins only."),
        (.tooLarge("At most 200 per page."), "At most 200 per page."),
        (.invalidState("Already archived."), "Already archived."),
    ])
    func details(error: CarnetError, detail: String) {
        #expect(error.detail == detail)
    }

    @Test("a field error encodes as {field, message}")
    func fieldErrorJSON() throws {
        let data = try CarnetJSON.encoder.encode(FieldError("custom.need", "is required"))
        #expect(try decodeJSON([String: String].self, String(decoding: data, as: UTF8.self)) == ["field": "custom.need", "message": "is required"])
    }
}
