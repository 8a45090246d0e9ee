import CarnetCore
import Foundation
import Testing

@Suite("JSON written by hand")
struct JSONWriterTests {
    static func contacts() -> [Contact] {
        var blank = Contact(id: "con_1", at: Date(timeIntervalSince1970: 1_767_225_600.123))
        var full = blank
        full.id = "con_2"
        full.firstName = "Élise \"Lili\""
        full.lastName = "Lefèbvre\\back/slash"
        full.email = "elise@example.fr"
        full.emails = ["a@example.fr", "b@example.fr"]
        full.phones = ["+33 6 12 34 56 78"]
        full.title = "Directrice\tcommerciale\n🙂"
        full.companyID = "com_1"
        full.street = "1 rue\u{1} de la Paix"
        full.postcode = "75002"
        full.city = "Paris"
        full.region = "Île-de-France"
        full.country = "FR"
        full.source = "salon"
        full.externalRef = "X-1"
        full.tags = ["vip", "client"]
        full.ownerID = "usr_1"
        full.emailOptIn = true
        full.doNotEmail = true
        full.customFields = ["siren": .string("123456789"), "employees": .number(12), "ok": .bool(true)]
        full.version = 7
        full.archivedAt = Date(timeIntervalSince1970: 1_767_300_000)
        blank.customFields = [:]
        return [blank, full]
    }

    /// `JSONEncoder` writes keys in hash order, so the texts are compared as JSON values;
    /// the writer keeps the declared order, which makes its output stable.
    @Test("a contact writes the JSON that JSONEncoder writes, keys in declared order", arguments: contacts())
    func contactMatchesEncoder(contact: Contact) throws {
        let expected = try CarnetJSON.decoder.decode(JSONValue.self, from: try CarnetJSON.encoder.encode(contact))
        let written = try CarnetJSON.decoder.decode(JSONValue.self, from: contact.json)
        #expect(written == expected)
        #expect(String(decoding: contact.json, as: UTF8.self).hasPrefix(#"{"id":""#))
    }

    @Test("objects, arrays, nulls and nesting get their commas right")
    func structure() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("a", 1)
        writer.key("list")
        writer.beginArray()
        writer.value("x")
        writer.null()
        writer.beginObject()
        writer.field("b", false)
        writer.endObject()
        writer.endArray()
        writer.field("c", nil as String?)
        writer.endObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"a":1,"list":["x",null,{"b":false}],"c":null}"#)
    }
}
