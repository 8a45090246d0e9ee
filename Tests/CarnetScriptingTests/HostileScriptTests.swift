import CarnetScripting
import Foundation
import Testing

/// The hostile scripts of the scripting issue: each is contained with a clear error,
/// and the runtime still runs a normal script afterwards (checked by `expectContained`).
@Suite("Hostile scripts")
struct HostileScriptTests {
    let harness: ScriptingHarness

    init() throws {
        harness = try ScriptingHarness { runtime in
            try runtime.registerFunction(path: "crm.ping") { _ in [] }
            try runtime.registerFunction(path: "crm.deals.get") { arguments in
                [["id": .string(try arguments.string(argument: 1))]]
            }
            try runtime.registerFunction(path: "crm.wait") { _ in
                Thread.sleep(forTimeInterval: 0.15)
                return ["veto"]
            }
        }
    }

    /// Stopped by its CPU budget (or by its wall budget, on a machine too busy to give it the CPU).
    func expectTimeBudget(_ error: ScriptError?, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let budget = error?.overrun?.budget
        #expect(budget == .cpuTime || budget == .wallTime, "\(String(describing: error))", sourceLocation: sourceLocation)
        #expect(error?.message.contains("budget exceeded") == true, sourceLocation: sourceLocation)
    }

    func expectMemoryBudget(_ error: ScriptError?, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(error?.overrun?.budget == .memory, "\(String(describing: error))", sourceLocation: sourceLocation)
        #expect(error?.message.hasPrefix("memory budget exceeded: ") == true, sourceLocation: sourceLocation)
    }

    func expectRuntimeError(_ error: ScriptError?, containing text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(error?.kind == .runtime, "\(String(describing: error))", sourceLocation: sourceLocation)
        #expect(error?.message.contains(text) == true, "\(String(describing: error?.message))", sourceLocation: sourceLocation)
    }

    // MARK: - Loops and recursion

    @Test("an infinite loop is stopped")
    func infiniteLoop() async throws {
        expectTimeBudget(await harness.expectContained("while true do end"))
    }

    @Test("an infinite tail call, which never grows the stack, is stopped")
    func infiniteTailCall() async throws {
        expectTimeBudget(await harness.expectContained("local function f() return f() end return f()"))
    }

    @Test("infinite recursion ends in an error, not a crash")
    func infiniteRecursion() async throws {
        let error = await harness.expectContained("local function f() return 1 + f() end return f()", budget: ScriptingHarness.untimed)
        #expect(error?.overrun?.budget == .memory || error?.message.contains("stack overflow") == true, "\(String(describing: error))")
    }

    @Test("infinite recursion through a metamethod ends in a C stack overflow error")
    func metamethodRecursion() async throws {
        let error = await harness.expectContained("local t = setmetatable({}, { __index = function(t, k) return t[k] end }) return t.x")
        expectRuntimeError(error, containing: "stack overflow")
    }

    // MARK: - Memory

    @Test("string.rep('x', 2^30) is refused by the memory cap")
    func hugeRepeat() async throws {
        let error = await harness.expectContained("local s = 'x'\nreturn #string.rep(s, 2^30)", budget: ScriptingHarness.untimed)
        expectMemoryBudget(error)
        #expect(error?.overrun?.refusedAllocation ?? 0 >= 1 << 30)
        #expect(error?.location == SourceLocation(file: "main.lua", line: 2))
    }

    @Test("string.rep('x', 2^31) is beyond what Lua's strings allow")
    func tooLongRepeat() async throws {
        expectRuntimeError(await harness.expectContained("return #string.rep('x', 2^31)"), containing: "main.lua:1: resulting string too large")
    }

    @Test("repeating the empty string 2^62 times returns at once instead of looping in C")
    func emptyRepeat() async throws {
        let sandbox = harness.sandbox()
        #expect(try await harness.run("return #string.rep('', 2^62), #(''):rep(1 << 62, ''), ('ab'):rep(2, ',')", in: sandbox) == [0, 0, "ab,ab"])
        await harness.expectHealthy(sandbox)
    }

    @Test("a table growing forever is stopped by the memory cap")
    func growingTable() async throws {
        expectMemoryBudget(await harness.expectContained("local t = {} while true do t[#t + 1] = { #t } end", budget: ScriptingHarness.untimed))
    }

    @Test("a string doubling forever is stopped by the memory cap")
    func doublingString() async throws {
        expectMemoryBudget(await harness.expectContained("local s = 'x' while true do s = s .. s end", budget: ScriptingHarness.untimed))
    }

    @Test("swallowing the memory error in a loop does not help")
    func swallowedMemoryError() async throws {
        let error = await harness.expectContained("""
            local keep = {}
            while true do pcall(function() keep[#keep + 1] = ('x'):rep(1 << 20) .. #keep end) end
            """, budget: ScriptingHarness.untimed)
        expectMemoryBudget(error)
    }

    // MARK: - Coroutines

    @Test("deep coroutine nesting ends in an error")
    func deepCoroutines() async throws {
        let error = await harness.expectContained("local function nest() return coroutine.wrap(nest)() end return nest()")
        expectRuntimeError(error, containing: "stack overflow")
    }

    @Test("a coroutine looping forever is stopped")
    func loopingCoroutine() async throws {
        expectTimeBudget(await harness.expectContained("coroutine.wrap(function() while true do end end)()"))
    }

    @Test("a coroutine that catches the budget error in a loop is stopped, and so is its caller")
    func coroutineSwallowingBudget() async throws {
        let error = await harness.expectContained("""
            local co = coroutine.create(function() while true do pcall(function() while true do end end) end end)
            while true do pcall(coroutine.resume, co) end
            """)
        expectTimeBudget(error)
    }

    @Test("coroutines created and left suspended forever are stopped by the memory cap")
    func abandonedCoroutines() async throws {
        let error = await harness.expectContained("""
            while true do
                local co = coroutine.create(function() coroutine.yield() end)
                coroutine.resume(co)
            end
            """, budget: ScriptingHarness.untimed)
        expectMemoryBudget(error)
    }

    // MARK: - Error handling that tries to swallow the stop

    @Test("a loop of pcall cannot swallow the budget error")
    func pcallLoop() async throws {
        expectTimeBudget(await harness.expectContained("while true do pcall(function() while true do end end) end"))
    }

    @Test("xpcall whose error handler loops is stopped")
    func xpcallLoopingHandler() async throws {
        let error = await harness.expectContained("""
            xpcall(function() while true do end end, function() while true do end end)
            """)
        expectTimeBudget(error)
    }

    @Test("xpcall whose handler loops on an ordinary error is stopped")
    func xpcallHandlerOnError() async throws {
        expectTimeBudget(await harness.expectContained("xpcall(function() error('x') end, function() while true do end end)"))
    }

    @Test("a __close handler that loops while an error unwinds is stopped")
    func loopingClose() async throws {
        let error = await harness.expectContained("""
            do
                local guard <close> = setmetatable({}, { __close = function() while true do end end })
                error("leave")
            end
            """)
        expectTimeBudget(error)
    }

    @Test("an error object whose __tostring loops is reported by its type, outside every budget")
    func loopingToString() async throws {
        let error = await harness.expectContained("error(setmetatable({}, { __tostring = function() while true do end end }))")
        #expect(error?.kind == .runtime)
        #expect(error?.message == "(error object is a table value)")
        #expect(error?.location == SourceLocation(file: "main.lua", line: 1))
    }

    @Test("a sort whose order function loops is stopped")
    func loopingComparator() async throws {
        expectTimeBudget(await harness.expectContained("table.sort({3, 2, 1}, function() while true do end end)"))
    }

    // MARK: - Long calls in C

    @Test("a catastrophic string.find pattern is refused before it runs")
    func catastrophicFind() async throws {
        let error = await harness.expectContained("return (('a'):rep(40)):find(('a*'):rep(20) .. 'b')", budget: ScriptingHarness.cpuOnly)
        expectRuntimeError(error, containing: "string.find: this pattern could take up to")
    }

    @Test("a backtracking pattern over a megabyte is refused", arguments: [
        "s:find('.-b')", "s:match('(.*)x(.*)y')", "for w in s:gmatch('a-a-b') do end", "s:gsub('.*%d', '')",
    ])
    func backtrackingOverMegabyte(call: String) async throws {
        let error = await harness.expectContained("local s = ('a'):rep(1 << 20) \(call)", budget: ScriptingHarness.cpuOnly)
        expectRuntimeError(error, containing: "pattern could take up to")
    }

    @Test("a plain find that would compare for minutes is refused")
    func quadraticPlainFind() async throws {
        let error = await harness.expectContained("local s = ('a'):rep(1 << 20) return s:find(('a'):rep(1 << 19) .. 'b', 1, true)", budget: ScriptingHarness.cpuOnly)
        expectRuntimeError(error, containing: "string.find: this pattern could take up to")
    }

    @Test("string.format('%99999d', 1) is an error")
    func hugeFormatWidth() async throws {
        expectRuntimeError(await harness.expectContained("return string.format('%99999d', 1)"), containing: "invalid conversion")
    }

    @Test("shifting a table whose length is 2^62 (65 entries) is stopped", arguments: [
        "table.insert(t, 1, 'x')", "table.remove(t, 1)",
    ])
    func hugeBorderShift(call: String) async throws {
        let error = await harness.expectContained("""
            local t = {}
            for _, k in ipairs { 1, 2, 3, 4, 8, 9 } do t[k] = true end
            for k = 4, 62 do t[1 << k] = true end
            assert(#t == 1 << 62)
            \(call)
            """)
        expectTimeBudget(error)
    }

    @Test("shifting a table whose __len says 2^62 is stopped", arguments: [
        "table.insert(t, 1, 'x')", "table.remove(t, 1)",
    ])
    func lyingLengthShift(call: String) async throws {
        let error = await harness.expectContained("""
            local t = setmetatable({}, { __len = function() return 1 << 62 end })
            \(call)
            """)
        expectTimeBudget(error)
    }

    @Test("table.move over 2^62 slots is stopped")
    func hugeMove() async throws {
        expectTimeBudget(await harness.expectContained("table.move({}, 1, 1 << 62, 2)"))
    }

    @Test("table.concat over 2^40 slots served by __index is stopped")
    func hugeConcat() async throws {
        let error = await harness.expectContained("""
            local t = setmetatable({}, { __index = function() return "" end })
            return table.concat(t, "", 1, 1 << 40)
            """)
        expectTimeBudget(error)
    }

    @Test("gsub with a replacement function that loops is stopped")
    func loopingReplacement() async throws {
        expectTimeBudget(await harness.expectContained("return ('abc'):gsub('.', function() while true do end end)"))
    }

    // MARK: - Escapes

    @Test("nothing dangerous is reachable by any path", arguments: [
        "load", "_G.load", "_ENV.load", "rawget(_G, 'load')", "rawget(_ENV, 'dofile')", "loadstring", "loadfile",
        "require", "collectgarbage", "getmetatable('').__index", "getmetatable('').__index.rep",
        "string.dump", "getmetatable(_ENV).__index", "getmetatable(string).__index", "io.open", "io",
        "os.execute", "os.exit", "os.getenv", "os.remove", "debug.sethook", "debug", "package.loaded",
        "coroutine.running().load", "getmetatable(crm).__index",
    ])
    func unreachable(path: String) async throws {
        let sandbox = harness.sandbox()
        let values = try await harness.run("""
            local ok, value = pcall(function() return \(path) end)
            return not ok or value == nil or value == false
            """, in: sandbox)
        #expect(values == [true])
        await harness.expectHealthy(sandbox)
    }

    @Test("a __gc metamethod is refused")
    func gcMetamethod() async throws {
        let error = await harness.expectContained("setmetatable({}, { __gc = function() while true do end end })")
        expectRuntimeError(error, containing: "__gc metamethods are not allowed")
    }

    @Test("a __gc added after setmetatable is never called")
    func lateGC() async throws {
        let sandbox = harness.sandbox()
        _ = try await harness.run("""
            local mt = {}
            local t = setmetatable({}, mt)
            mt.__gc = function() while true do end end
            t = nil
            local garbage = {}
            for i = 1, 2e5 do garbage[i % 100 + 1] = { i } end
            """, in: sandbox)
        await harness.expectHealthy(sandbox)
    }

    @Test("bytecode passed as source is refused")
    func bytecode() async throws {
        let sandbox = harness.sandbox()
        let bytecode = "\u{1B}Lua\u{54}\u{00}\u{19}\u{93}\r\n\u{1A}\n\u{04}\u{08}\u{08}xV\u{00}\u{00}"
        let error = await #expect(throws: ScriptError.self) { _ = try await harness.run(bytecode, in: sandbox) }
        #expect(error?.kind == .bytecode)
        #expect(error?.message == "main.lua is precompiled Lua bytecode; plugins are loaded from Lua source text only")
        await harness.expectHealthy(sandbox)
    }

    @Test("a global set by one run is not seen by the next, nor by another plugin")
    func leakingGlobals() async throws {
        let sandbox = harness.sandbox()
        _ = try await harness.run("leaked = 'secret'; _G.other = 1; pcall(function() string.leak = 1 end)", in: sandbox)
        let values = try await harness.run("return leaked, other, string.leak", in: sandbox)
        #expect(values == [.nil, .nil, .nil])
        #expect(try await harness.run("return leaked") == [.nil])
    }

    @Test("writing to the crm table is refused")
    func writingCRM() async throws {
        let error = await harness.expectContained("crm.deals.get = function() return 'forged' end")
        expectRuntimeError(error, containing: "attempt to modify a read-only table")
        #expect(error?.location == SourceLocation(file: "main.lua", line: 1))
    }

    @Test("wrong-typed host call arguments are a clear error")
    func wrongTypedHostCall() async throws {
        let error = await harness.expectContained("return crm.deals.get({ id = 1 })")
        expectRuntimeError(error, containing: "crm.deals.get: argument 1 must be a string, got table")
    }

    @Test("calling the host API a million times is stopped by the host-call budget")
    func millionHostCalls() async throws {
        let error = await harness.expectContained("for i = 1, 1e6 do crm.ping() end", budget: ScriptingHarness.untimed)
        #expect(error?.overrun == BudgetOverrun(budget: .hostCalls, used: 10_001, limit: 10_000))
    }

    @Test("a before-hook that never returns its veto in time is stopped by its wall budget")
    func lateVeto() async throws {
        let error = await harness.expectContained("local veto = crm.wait() return veto")
        #expect(error?.overrun?.budget == .wallTime)
    }
}
