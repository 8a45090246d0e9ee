import CarnetCore
import CarnetScripting
import Testing

@Suite("LuaValue")
struct LuaValueTests {
    @Test("values cross into Lua and back unchanged", arguments: [
        LuaValue.nil, true, 0, -7, 9_007_199_254_740_993, 2.5, "", "déjà vu",
        [1, "two", 3.0], ["name": "Ada", "tags": ["vip"], "nested": ["deep": [:]]], [:],
    ])
    func roundTrip(value: LuaValue) async throws {
        let harness = try ScriptingHarness()
        let values = try await harness.run("function echo(v) return v end", function: "echo", arguments: [value])
        #expect(values == [value])
    }

    @Test("integers and floats stay apart, as Lua keeps them")
    func integerAndFloat() async throws {
        let harness = try ScriptingHarness()
        let values = try await harness.run("return 3, 3.0, 7 // 2, 7 / 2, 2^53")
        #expect(values == [.integer(3), .number(3), .integer(3), .number(3.5), .number(9_007_199_254_740_992)])
    }

    @Test("JSON values cross with whole numbers as integers")
    func json() {
        let json = JSONValue.object(["amount": .number(1250), "rate": .number(0.2), "tags": .array([.string("a"), .null])])
        let value = LuaValue(json)
        #expect(value == ["amount": 1250, "rate": 0.2, "tags": ["a", .nil]])
        #expect(value.json == json)
    }

    @Test("an empty table crosses as an empty object")
    func emptyTable() async throws {
        let harness = try ScriptingHarness()
        #expect(try await harness.run("return {}") == [[:]])
    }

    @Test("a result that cannot cross fails the run with its position")
    func unsupportedResult() async throws {
        let harness = try ScriptingHarness()
        let error = await #expect(throws: ScriptError.self) {
            _ = try await harness.run("return 1, { handler = function() end }")
        }
        #expect(error?.kind == .unsupportedResult)
        #expect(error?.message == "result 2 is a function; only nil, booleans, numbers, strings and tables cross to the host (at .handler)")
    }

    @Test("type names are Lua's")
    func typeNames() {
        let names = ([.nil, true, 1, 1.5, "s", [1], ["a": 1]] as [LuaValue]).map(\.typeName)
        #expect(names == ["nil", "boolean", "number", "number", "string", "table", "table"])
    }
}
