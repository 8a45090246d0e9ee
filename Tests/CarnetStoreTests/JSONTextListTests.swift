import CarnetCore
import CarnetStore
import Foundation
import Testing

@Suite("Lists of texts stored as JSON")
struct JSONTextListTests {
    static let samples: [[String]] = [
        [], [""], ["vip"], ["a", "b", "c"], ["quote \" and \\ backslash"], ["line\nbreak\ttab\r\u{8}\u{C}"],
        ["\u{1}\u{1F}control"], ["Élise Lefèbvre", "日本語", "emoji 🙂"], ["slash / stays"],
    ]

    static func row(_ json: String?) -> SQLRow {
        SQLRow(columns: SQLColumns(["tags"]), values: [json.map(SQLValue.text) ?? .null])
    }

    @Test("what Carnet writes reads back the same", arguments: samples)
    func roundTrip(texts: [String]) throws {
        guard case .text(let json) = SQLValue.json(texts) else { Issue.record("not text"); return }
        #expect(Self.row(json).texts("tags") == texts)
        #expect(try JSONDecoder().decode([String].self, from: Data(json.utf8)) == texts)
    }

    @Test("what JSONEncoder writes reads back the same", arguments: samples)
    func readsEncoderOutput(texts: [String]) throws {
        let json = String(decoding: try JSONEncoder().encode(texts), as: UTF8.self)
        #expect(Self.row(json).texts("tags") == texts)
    }

    @Test("escapes, surrogate pairs and spacing are understood")
    func escapes() {
        #expect(Self.row(#" [ "a\/b" , "\u00e9\ud83d\ude42" ] "#).texts("tags") == ["a/b", "é🙂"])
    }

    @Test("null, malformed and non-string arrays give an empty list or what the decoder makes of them")
    func fallbacks() {
        #expect(Self.row(nil).texts("tags") == [])
        #expect(Self.row("[\"open").texts("tags") == [])
        #expect(Self.row("[1, 2]").texts("tags") == [])
        #expect(Self.row("[\"a\"] trailing").texts("tags") == [])
    }

    @Test("custom fields: {} and objects")
    func fields() {
        let columns = SQLColumns(["custom_fields"])
        #expect(SQLRow(columns: columns, values: [.text("{}")]).fields("custom_fields") == [:])
        #expect(SQLRow(columns: columns, values: [.text(#"{"siren":"123","n":2}"#)]).fields("custom_fields") == ["siren": .string("123"), "n": .number(2)])
        #expect(SQLRow(columns: columns, values: [.null]).fields("custom_fields") == [:])
    }

    @Test("a repeated column name reads as its first occurrence")
    func repeatedColumns() {
        let row = SQLRow(columns: SQLColumns(["id", "id"]), values: [.text("first"), .text("second")])
        #expect(row.string("id") == "first")
        #expect(row.string("missing") == nil)
    }
}
