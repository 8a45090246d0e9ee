import CarnetCore
import Foundation
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test("decodes every kind of JSON value")
    func decoding() throws {
        let value = try decodeJSON(JSONValue.self, #"{"a": null, "b": true, "c": 1.5, "d": "x", "e": [1, "y"], "f": {"g": false}}"#)
        #expect(value == .object([
            "a": .null,
            "b": .bool(true),
            "c": .number(1.5),
            "d": .string("x"),
            "e": .array([.number(1), .string("y")]),
            "f": .object(["g": .bool(false)]),
        ]))
    }

    @Test("numbers 0 and 1 stay numbers, not booleans")
    func numbersAreNotBooleans() throws {
        #expect(try decodeJSON([JSONValue].self, "[0, 1, true, false]") == [.number(0), .number(1), .bool(true), .bool(false)])
    }

    @Test("whole numbers encode without a fraction", arguments: [
        (JSONValue.number(42), "42"),
        (.number(-3), "-3"),
        (.number(2.5), "2.5"),
        (.string("a/b"), #""a/b""#),
        (.null, "null"),
        (.array([.bool(true)]), "[true]"),
    ])
    func encoding(value: JSONValue, json: String) throws {
        #expect(String(decoding: try CarnetJSON.encoder.encode(value), as: UTF8.self) == json)
    }

    @Test("isPresent is false for null, blank text and empty containers", arguments: [
        (JSONValue.null, false),
        (.string(""), false),
        (.string(" \n\t"), false),
        (.array([]), false),
        (.object([:]), false),
        (.string("x"), true),
        (.number(0), true),
        (.bool(false), true),
        (.array([.null]), true),
        (.object(["k": .null]), true),
    ])
    func isPresent(value: JSONValue, present: Bool) {
        #expect(value.isPresent == present)
    }
}
