import CarnetScripting
import Foundation
import Testing

@Suite("Sandbox")
struct SandboxTests {
    @Test("the allowed libraries are there: base, string, table, math, utf8, coroutine and os time/clock/date")
    func allowedLibraries() async throws {
        let harness = try ScriptingHarness()
        let values = try await harness.run("""
            return type(pairs), type(string.format), type(table.concat), type(math.floor), type(utf8.char),
                type(coroutine.wrap), type(os.time), type(os.clock), type(os.date), _VERSION
            """)
        #expect(values == ["function", "function", "function", "function", "function",
                           "function", "function", "function", "function", "Lua 5.4"])
    }

    @Test("nothing that loads code, touches files or the process is reachable", arguments: [
        "load", "loadstring", "dofile", "loadfile", "require", "collectgarbage", "print", "warn",
        "io", "package", "debug", "module", "newproxy",
    ])
    func forbiddenGlobals(name: String) async throws {
        let harness = try ScriptingHarness()
        let values = try await harness.run("""
            function reach(name)
                return _G[name] == nil, _ENV[name] == nil, rawget(_G, name) == nil, rawget(_ENV, name) == nil
            end
            """, function: "reach", arguments: [.string(name)])
        #expect(values == [true, true, true, true])
    }

    @Test("os offers only time, clock and date; string.dump is gone")
    func reducedLibraries() async throws {
        let harness = try ScriptingHarness()
        let values = try await harness.run("""
            local names = {}
            for name in pairs(os) do names[#names + 1] = name end
            table.sort(names)
            return table.concat(names, ","), string.dump == nil
            """)
        #expect(values == ["clock,date,time", true])
    }

    @Test("the string metatable is locked: getmetatable(\"\") gives false")
    func stringMetatable() async throws {
        let harness = try ScriptingHarness()
        let values = try await harness.run("""
            local ok, err = pcall(function() return getmetatable("").__index end)
            return getmetatable(""), ok, ("abc"):upper(), ("x"):rep(3)
            """)
        #expect(values == [false, false, "ABC", "xxx"])
    }

    @Test("library tables are read-only and cannot be unlocked")
    func readOnlyLibraries() async throws {
        let harness = try ScriptingHarness()
        let values = try await harness.run("""
            local results = {}
            for _, attempt in ipairs {
                function() string.upper = nil end,
                function() math.pi = 3 end,
                function() rawset(table, "insert", type) end,
                function() setmetatable(os, nil) end,
                function() table.insert(string, "x") end,
            } do
                local ok, err = pcall(attempt)
                results[#results + 1] = ok and "written" or "refused"
            end
            return table.concat(results, ","), math.pi > 3.14, getmetatable(math)
            """)
        #expect(values == ["refused,refused,refused,refused,refused", true, false])
    }

    @Test("pairs over a library lists its functions without exposing the table behind it")
    func pairsOverLibraries() async throws {
        let harness = try ScriptingHarness()
        let values = try await harness.run("""
            local count = 0
            for name, value in pairs(math) do count = count + 1 end
            local iterator, state = pairs(math)
            return count > 20, state
            """)
        #expect(values == [true, .nil])
    }

    @Test("each run has a fresh _ENV: globals and top-level locals do not survive")
    func freshEnvironment() async throws {
        let harness = try ScriptingHarness()
        let sandbox = harness.sandbox()
        let source = """
            local counter = 0
            function bump()
                counter = counter + 1
                seen = (seen or 0) + 1
                return counter, seen
            end
            """
        let first = try await harness.run(source, function: "bump", in: sandbox)
        let second = try await harness.run(source, function: "bump", in: sandbox)
        #expect(first == [1, 1])
        #expect(second == [1, 1])
    }

    @Test("_G is the run's own environment, and its metatable is hidden")
    func globalsTable() async throws {
        let harness = try ScriptingHarness()
        let values = try await harness.run("""
            _G.answer = 42
            local ok = pcall(setmetatable, _G, nil)
            return answer, _G == _ENV, getmetatable(_G), ok
            """)
        #expect(values == [42, true, false, false])
    }

    @Test("setmetatable refuses __gc and allows every other metamethod")
    func gcRefused() async throws {
        let harness = try ScriptingHarness()
        let values = try await harness.run("""
            local ok, err = pcall(setmetatable, {}, { __gc = function() end })
            local v = setmetatable({}, { __index = function(_, k) return k .. "!" end })
            return ok, err, v.hi
            """)
        #expect(values == [false, "setmetatable: __gc metamethods are not allowed in plugins", "hi!"])
    }

    @Test("xpcall calls its handler with the error after unwinding, and passes results through")
    func xpcallSemantics() async throws {
        let harness = try ScriptingHarness()
        let values = try await harness.run("""
            local ok, message = xpcall(function() error("boom", 0) end, function(e) return "handled: " .. e end)
            local fine, a, b = xpcall(function(x, y) return x + y, "done" end, type, 1, 2)
            local bad, inner = xpcall(error, function() error("handler broke", 0) end, "first")
            return ok, message, fine, a, b, bad, inner
            """)
        #expect(values == [false, "handled: boom", true, 3, "done", false, "handler broke"])
    }

    @Test("os.time and os.date read the runtime's clock")
    func injectedClock() async throws {
        let harness = try ScriptingHarness()
        harness.clock.set(Date(timeIntervalSince1970: 1_800_000_000))
        let values = try await harness.run("return os.time(), os.date('!%Y-%m-%d'), os.time({year = 2026, month = 1, day = 1, hour = 12})")
        #expect(values.prefix(2) == [1_800_000_000, "2027-01-15"])
    }

    @Test("coroutines work: create, resume, wrap, status, yield across pcall")
    func coroutines() async throws {
        let harness = try ScriptingHarness()
        let values = try await harness.run("""
            local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
            local co = coroutine.create(function(a) local b = coroutine.yield(a + 1); return b * 2 end)
            local _, first = coroutine.resume(co, 1)
            local _, second = coroutine.resume(co, 10)
            local safe = coroutine.wrap(function() pcall(function() coroutine.yield("inside pcall") end) end)
            return gen() + gen() + gen(), first, second, coroutine.status(co), safe()
            """)
        #expect(values == [6, 2, 20, "dead", "inside pcall"])
    }

    @Test("table.insert, remove and move keep their meaning on long tables, shifted in Lua")
    func longTableOperations() async throws {
        let harness = try ScriptingHarness()
        let values = try await harness.run("""
            local t = {}
            for i = 1, 3000 do t[i] = i end
            table.insert(t, 1, 0)
            table.insert(t, 1500, "mid")
            local removed = table.remove(t, 1)
            local last = table.remove(t)
            table.move(t, 1, 2000, 3)
            local copy = table.move(t, 1, 3000, 1, {})
            local back = {}
            for i = 1, 5000 do back[i] = i end
            table.move(back, 3, 5000, 1)
            return #t, t[1], t[3], t[1501], t[1502], removed, last, #copy, copy[2001], back[1], back[4998], back[5000]
            """)
        #expect(values == [3000, 1, 1, "mid", 1499, 0, 3000, 3000, 1998, 3, 5000, 5000])  // as in plain Lua 5.4
    }

    @Test("a syntax error names the file and line")
    func syntaxError() async throws {
        let harness = try ScriptingHarness()
        let error = await #expect(throws: ScriptError.self) {
            _ = try await harness.run("local x = 1\nlocal y = = 2\n")
        }
        #expect(error?.kind == .syntax)
        #expect(error?.location == SourceLocation(file: "main.lua", line: 2))
        #expect(error?.description.hasPrefix("plugin test-plugin 1.0.0, main.lua:2: unexpected symbol near '='") == true)
    }

    @Test("a runtime error names the plugin, version, file and line")
    func runtimeError() async throws {
        let harness = try ScriptingHarness()
        let error = await #expect(throws: ScriptError.self) {
            _ = try await harness.run("local function check(x)\n  if x then error('no decision maker') end\nend\ncheck(true)\n")
        }
        #expect(error?.kind == .runtime)
        #expect(error?.location == SourceLocation(file: "main.lua", line: 2))
        #expect(error?.message == "main.lua:2: no decision maker")
        #expect(error?.description == "plugin test-plugin 1.0.0, main.lua:2: no decision maker")
    }

    @Test("a run of a function the chunk does not define says so")
    func missingFunction() async throws {
        let harness = try ScriptingHarness()
        let error = await #expect(throws: ScriptError.self) {
            _ = try await harness.run("function present() end", function: "absent")
        }
        #expect(error?.kind == .missingFunction("absent"))
    }

    @Test("a chunk runs its named function with arguments and returns its results")
    func functionCall() async throws {
        let harness = try ScriptingHarness()
        let values = try await harness.run("""
            function score(contact, weights)
                return contact.visits * weights[1] + #contact.name, contact.vip
            end
            """, function: "score", arguments: [["visits": 3, "name": "Ada", "vip": true], [10]])
        #expect(values == [33, true])
    }
}
