import CarnetScripting
import Foundation
import Testing

@Suite("Budgets")
struct BudgetTests {
    /// Nanoseconds → milliseconds, for readable expectations.
    func milliseconds(_ nanoseconds: Int64) -> Double { Double(nanoseconds) / 1e6 }

    @Test("a CPU-bound run stops soon after its CPU budget, at the line it was running")
    func cpuTime() async throws {
        let harness = try ScriptingHarness()
        let budget = ScriptBudget(cpuTime: .milliseconds(30), wallTime: .seconds(5), memory: 16 << 20, hostCalls: 100)
        let error = await harness.expectContained("local n = 0\nwhile true do\n  n = n + 1\nend\n", budget: budget)
        let overrun = try #require(error?.overrun)
        #expect(overrun.budget == .cpuTime)
        #expect(overrun.limit == 30_000_000)
        #expect(milliseconds(overrun.used) >= 30 && milliseconds(overrun.used) < 80)
        #expect([2, 3].map { SourceLocation(file: "main.lua", line: $0) }.contains(error?.location))
        #expect(error?.message.hasPrefix("CPU time budget exceeded: used ") == true)
    }

    @Test("a run waiting in a host function is stopped by its wall budget when the call returns")
    func wallTime() async throws {
        let harness = try ScriptingHarness { runtime in
            try runtime.registerFunction(path: "crm.wait") { _ in
                Thread.sleep(forTimeInterval: 0.03)
                return []
            }
        }
        let budget = ScriptBudget(cpuTime: .seconds(5), wallTime: .milliseconds(50), memory: 16 << 20, hostCalls: 100)
        let error = await harness.expectContained("for i = 1, 10 do crm.wait() end", budget: budget)
        let overrun = try #require(error?.overrun)
        #expect(overrun.budget == .wallTime)
        #expect(milliseconds(overrun.used) >= 50 && milliseconds(overrun.used) < 150)
        #expect((1...2).contains(error?.usage?.hostCalls ?? 0))
    }

    @Test("memory beyond the cap is refused and stops the run")
    func memory() async throws {
        let harness = try ScriptingHarness()
        let error = await harness.expectContained("local t = {} for i = 1, 1e9 do t[i] = i end", budget: ScriptingHarness.untimed)
        let overrun = try #require(error?.overrun)
        #expect(overrun.budget == .memory)
        #expect(overrun.limit == 16 << 20)
        #expect(overrun.used <= overrun.limit)
        #expect((overrun.refusedAllocation ?? 0) > 0)
        #expect(error?.description.contains("memory budget exceeded:") == true)
    }

    @Test("host calls beyond the budget stop the run, even when the script catches the error")
    func hostCalls() async throws {
        let harness = try ScriptingHarness { runtime in
            try runtime.registerFunction(path: "crm.ping") { _ in [] }
        }
        let budget = ScriptBudget(cpuTime: .seconds(5), wallTime: .seconds(5), memory: 16 << 20, hostCalls: 1_000)
        let error = await harness.expectContained("for i = 1, 5000 do pcall(crm.ping) end return 'swallowed'", budget: budget)
        #expect(error?.overrun == BudgetOverrun(budget: .hostCalls, used: 1_001, limit: 1_000))
        #expect(error?.message == "host call budget exceeded: 1001 calls, limit 1000")
    }

    @Test("a finished run reports what it used")
    func usage() async throws {
        let harness = try ScriptingHarness { runtime in
            try runtime.registerFunction(path: "crm.ping") { _ in [] }
        }
        let sandbox = harness.sandbox()
        let result = try await harness.executor.run { () throws(ScriptError) -> LuaRunResult in
            let chunk = try sandbox.load("for i = 1, 3 do crm.ping() end local t = {} for i = 1, 1e5 do t[i] = i end return #t", chunkName: "main.lua")
            return try sandbox.run(chunk, budget: .job)
        }
        #expect(result.values == [100_000])
        #expect(result.usage.hostCalls == 3)
        #expect(result.usage.memoryPeak > 1 << 20)
        #expect(result.usage.cpuTime > .zero && result.usage.cpuTime <= result.usage.wallTime + .milliseconds(1))
    }

    @Test("an overrun discards the state; a script error does not")
    func discard() async throws {
        let harness = try ScriptingHarness()
        let sandbox = harness.sandbox()
        await #expect(throws: ScriptError.self) { _ = try await harness.run("error('plain failure')", in: sandbox) }
        #expect(!sandbox.isDiscarded)
        #expect(try await harness.run("return 'still here'", in: sandbox) == ["still here"])
        await #expect(throws: ScriptError.self) { _ = try await harness.run("while true do end", budget: .beforeHook, in: sandbox) }
        #expect(sandbox.isDiscarded)
        let error = await #expect(throws: ScriptError.self) { _ = try await harness.run("return 1", in: sandbox) }
        #expect(error?.kind == .discarded)
    }

    @Test("a job's budget allows work that a before-hook's does not")
    func profiles() async throws {
        let harness = try ScriptingHarness()
        let work = "local s = 0 for i = 1, 20000000 do s = s + i % 3 end return s"
        let error = await harness.expectContained(work, budget: .beforeHook)
        #expect(error?.overrun?.budget == .cpuTime || error?.overrun?.budget == .wallTime)
        #expect(try await harness.run(work, budget: .job) == [20_000_001])
    }

    @Test("the default budgets are the documented ones")
    func defaults() {
        #expect(ScriptBudget.beforeHook == ScriptBudget(cpuTime: .milliseconds(50), wallTime: .milliseconds(100), memory: 16 << 20, hostCalls: 10_000))
        #expect(ScriptBudget.job == ScriptBudget(cpuTime: .seconds(5), wallTime: .seconds(30), memory: 64 << 20, hostCalls: 1_000_000))
    }
}
