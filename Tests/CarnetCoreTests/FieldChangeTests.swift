import CarnetCore
import Foundation
import Testing

@Suite("FieldChange")
struct FieldChangeTests {
    func contact() -> Contact {
        var contact = Contact(id: "con_1", at: newYear2026)
        contact.firstName = "Claire"
        contact.lastName = "Martin"
        contact.email = "claire@example.com"
        contact.tags = ["vip"]
        contact.customFields = ["need": .string("CRM"), "budget": .number(5000)]
        return contact
    }

    @Test("identical values have no changes")
    func noChange() {
        #expect(FieldChange.between(contact(), contact()).isEmpty)
    }

    @Test("changed fields are reported with API names, sorted")
    func changedFields() {
        let before = contact()
        var after = before
        after.firstName = "Chloé"
        after.externalRef = "crm-42"
        after.email = nil
        after.doNotEmail = true
        after.tags = ["vip", "salon"]
        #expect(FieldChange.between(before, after) == [
            FieldChange(field: "do_not_email", old: .bool(false), new: .bool(true)),
            FieldChange(field: "email", old: .string("claire@example.com"), new: .null),
            FieldChange(field: "external_ref", old: .null, new: .string("crm-42")),
            FieldChange(field: "first_name", old: .string("Claire"), new: .string("Chloé")),
            FieldChange(field: "tags", old: .array([.string("vip")]), new: .array([.string("vip"), .string("salon")])),
        ])
    }

    @Test("version and updated_at are not changes worth logging")
    func ignoresBookkeeping() {
        let before = contact()
        var after = before
        after.version = 2
        after.updatedAt = newYear2026.addingTimeInterval(3600)
        #expect(FieldChange.between(before, after).isEmpty)

        after.city = "Lyon"
        #expect(FieldChange.between(before, after).map(\.field) == ["city"])
    }

    @Test("other dates are reported as timestamps")
    func dates() {
        let before = contact()
        var after = before
        after.archivedAt = instant(1_795_509_000.123)
        #expect(FieldChange.between(before, after) == [
            FieldChange(field: "archived_at", old: .null, new: .string("2026-11-24T08:30:00.123Z")),
        ])
    }

    @Test("custom fields are compared one by one")
    func customFields() {
        let before = contact()
        var after = before
        after.customFields = ["need": .string("ERP"), "seats": .number(12)]
        #expect(FieldChange.between(before, after) == [
            FieldChange(field: "custom.budget", old: .number(5000), new: .null),
            FieldChange(field: "custom.need", old: .string("CRM"), new: .string("ERP")),
            FieldChange(field: "custom.seats", old: .null, new: .number(12)),
        ])
    }

    @Test("a deal's stage change is logged without the stage timestamp")
    func dealStage() {
        let before = Deal(id: "deal_1", pipeline: .standard, currency: .eur, at: newYear2026)
        var after = before
        after.stage = "meeting"
        after.probability = 40
        after.stageChangedAt = newYear2026.addingTimeInterval(60)
        after.updatedAt = after.stageChangedAt
        after.version = 2
        #expect(FieldChange.between(before, after) == [
            FieldChange(field: "probability", old: .number(10), new: .number(40)),
            FieldChange(field: "stage", old: .string("lead"), new: .string("meeting")),
        ])
    }

    @Test("the payload maps each field to its old and new values")
    func payload() {
        let changes = [
            FieldChange(field: "first_name", old: .string("Claire"), new: .string("Chloé")),
            FieldChange(field: "custom.need", old: .null, new: .string("CRM")),
        ]
        #expect(FieldChange.payload(changes) == .object([
            "first_name": .object(["old": .string("Claire"), "new": .string("Chloé")]),
            "custom.need": .object(["old": .null, "new": .string("CRM")]),
        ]))
        #expect(FieldChange.payload([]) == .object([:]))
    }

    @Test("the payload encodes as {field: {old, new}} JSON")
    func payloadJSON() throws {
        let payload = FieldChange.payload([FieldChange(field: "amount", old: .number(1000), new: .number(2500.5))])
        let data = try CarnetJSON.encoder.encode(payload)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Double]])
        #expect(object == ["amount": ["old": 1000, "new": 2500.5]])
        #expect(String(decoding: data, as: UTF8.self).contains(#""old":1000"#))
    }
}
