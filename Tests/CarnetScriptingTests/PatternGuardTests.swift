import CarnetScripting
import Testing

/// string.find, match, gmatch and gsub are priced before they run (the matcher runs in
/// C, out of the budget hook's reach): ordinary patterns pass, backtracking ones that
/// could outlast the run's CPU budget are refused.
@Suite("Pattern guard")
struct PatternGuardTests {
    let harness: ScriptingHarness

    init() throws {
        harness = try ScriptingHarness()
    }

    @Test("common idioms pass on large subjects")
    func idioms() async throws {
        let values = try await harness.run("""
            local text = "  " .. ("word, other; "):rep(20000) .. "  "
            local trimmed = text:match("^%s*(.-)%s*$")
            local words = 0
            for _ in text:gmatch("%a+") do words = words + 1 end
            local replaced, count = text:gsub("other", "x")
            local plain = text:find("other;  ", 1, true)
            local key, value = ("name = Ada"):match("^(%w+)%s*=%s*(.-)$")
            return #trimmed, words, count, plain, key, value
            """, budget: ScriptingHarness.cpuOnly)
        #expect(values == [259_999, 40_000, 20_000, 259_996, "name", "Ada"])
    }

    @Test("the wrapped functions keep Lua's results", arguments: [
        ("return ('a1b22c333'):gsub('%d+', '#')", ["a#b#c#", 3] as [LuaValue]),
        ("return ('hello world'):find('o w')", [5, 7]),
        ("return ('hello world'):find('l+')", [3, 4]),
        ("return ('key=value'):match('(%w+)=(%w+)')", ["key", "value"]),
        ("return string.find('a.b', '.', 1, true)", [2, 2]),
        ("return ('[x]'):find('%[(.)%]')", [1, 3, "x"]),
        ("return ('THE (quick) fox'):find('%f[%a]%a+', 5)", [6, 10]),
        ("return ('f(a(b)c)'):match('%b()')", ["(a(b)c)"]),
        ("return ('abab'):gsub('(a)(b)', '%2%1')", ["baba", 2]),
        ("local t = {} for k, v in ('a=1, b=2'):gmatch('(%w+)=(%w+)') do t[#t + 1] = k .. v end return table.concat(t, ' ')", ["a1 b2"]),
    ])
    func semantics(script: String, expected: [LuaValue]) async throws {
        #expect(try await harness.run(script) == expected)
    }

    @Test("a refusal names the function and the caller's line")
    func refusal() async throws {
        let error = await #expect(throws: ScriptError.self) {
            _ = try await harness.run("local s = ('a'):rep(100000)\nreturn s:find('.-.-b')", budget: ScriptingHarness.cpuOnly)
        }
        #expect(error?.kind == .runtime)
        #expect(error?.location == SourceLocation(file: "main.lua", line: 2))
        #expect(error?.message.hasPrefix("main.lua:2: string.find: this pattern could take up to ") == true)
        #expect(error?.message.hasSuffix("anchor it with ^, use narrower classes than . or a plain find") == true)
    }

    @Test("a pattern found cheap on short subjects is still priced on a long one, in the same run and the next")
    func rememberedLimit() async throws {
        let sandbox = harness.sandbox()
        let script = """
            local short = 0
            for _ = 1, 100 do if ("aab"):find(".-.-b") then short = short + 1 end end
            local ok = pcall(string.find, ("a"):rep(100000), ".-.-b")
            return short, ok
            """
        #expect(try await harness.run(script, budget: ScriptingHarness.cpuOnly, in: sandbox) == [100, false])
        #expect(try await harness.run(script, budget: ScriptingHarness.cpuOnly, in: sandbox) == [100, false])
    }

    @Test("a job's CPU budget allows a search that a before-hook's does not")
    func budgetRelative() async throws {
        let script = "return (('a'):rep(6000)):find('.-b')"
        await #expect(throws: ScriptError.self) { _ = try await harness.run(script, budget: ScriptingHarness.cpuOnly) }
        #expect(try await harness.run(script, budget: .job) == [.nil])
    }

    @Test("a malformed pattern raises Lua's own error, at the caller's line")
    func malformed() async throws {
        let values = try await harness.run("""
            local ok, err = pcall(function() return ("x"):find("[a") end)
            local ok2, err2 = pcall(function() return ("x"):gsub("%b", "") end)
            return err, err2
            """)
        #expect(values == ["main.lua:1: malformed pattern (missing ']')", "main.lua:2: malformed pattern (missing arguments to '%b')"])
    }

    @Test("arguments of the wrong type get Lua's own message, naming the function as called")
    func wrongArguments() async throws {
        let values = try await harness.run("""
            local ok, err = pcall(function() return ("x"):find({}) end)
            local ok2, err2 = pcall(function() return string.rep() end)
            return err, err2
            """)
        #expect(values == ["main.lua:1: bad argument #1 to 'find' (string expected, got table)",
                           "main.lua:2: bad argument #1 to 'rep' (string expected, got no value)"])
    }
}
