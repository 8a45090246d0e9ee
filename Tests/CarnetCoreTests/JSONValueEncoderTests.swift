import CarnetCore
import Foundation
import Testing

/// `JSONValue.of` builds the same value as writing JSON text and reading it back.
@Suite("JSONValue.of")
struct JSONValueEncoderTests {
    static func roundTrip<T: Encodable>(_ value: T) throws -> JSONValue {
        try CarnetJSON.decoder.decode(JSONValue.self, from: CarnetJSON.encoder.encode(value))
    }

    @Test("a contact, a deal and an activity encode as the API writes them")
    func entities() throws {
        let at = Date(timeIntervalSince1970: 1_767_225_600.123)
        var contact = Contact(id: "con_1", at: at)
        contact.firstName = "Ana"
        contact.tags = ["vip", "partner"]
        contact.customFields = ["need": .string("CRM"), "seats": .number(12), "nested": .object(["a": .array([.bool(true), .null])])]
        var deal = Deal(id: "deal_1", pipeline: .standard, currency: .eur, at: at)
        deal.amount = 1_250_000
        deal.expectedClose = LocalDate("2027-03-31")
        var activity = ActivityInput(kind: .call)
        activity.subject = "Called back"
        let logged = activity.activity(id: "act_1", by: .system, at: at)
        #expect(JSONValue.of(contact) == (try Self.roundTrip(contact)))
        #expect(JSONValue.of(deal) == (try Self.roundTrip(deal)))
        #expect(JSONValue.of(logged) == (try Self.roundTrip(logged)))
        guard case .object(let members) = JSONValue.of(deal) else { Issue.record("a deal is an object"); return }
        #expect(members["created_at"] == .string("2026-01-01T00:00:00.123Z"))
        #expect(members["lost_reason"] == .null)
    }

    @Test("plain values, optionals, arrays and dictionaries")
    func values() throws {
        let optional: Int? = nil
        #expect(JSONValue.of(optional) == .null)
        #expect(JSONValue.of([1, 2, 3]) == .array([.number(1), .number(2), .number(3)]))
        #expect(JSONValue.of(["b": [true], "a": []]) == .object(["b": .array([.bool(true)]), "a": .array([])]))
        #expect(JSONValue.of("text") == .string("text"))
    }
}
