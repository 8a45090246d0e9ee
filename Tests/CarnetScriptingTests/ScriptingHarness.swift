import CarnetCore
import CarnetScripting
import Foundation
import Testing

/// A runtime with a manual clock and an executor: tests run Lua the way the server
/// does, on a dedicated thread, never on the concurrency pool.
///
/// Tests run in parallel on a small machine, where a run may wait for a core longer
/// than a before-hook's 100 ms of wall time: scripts that must succeed run with a job's
/// budget, and tests about one budget give the others room.
final class ScriptingHarness: Sendable {
    /// A before-hook's memory cap and host-call limit, with time to spare.
    static let untimed = ScriptBudget(cpuTime: .seconds(10), wallTime: .seconds(30), memory: 16 << 20, hostCalls: 10_000)
    /// A before-hook's CPU budget, with wall time and memory to spare.
    static let cpuOnly = ScriptBudget(cpuTime: .milliseconds(50), wallTime: .seconds(30), memory: 64 << 20, hostCalls: 10_000)

    let clock = ManualClock(Date(timeIntervalSince1970: 1_767_225_600))
    let runtime: LuaRuntime
    let executor = LuaExecutor(threads: 1)

    init(configure: (LuaRuntime) throws -> Void = { _ in }) throws {
        runtime = LuaRuntime(clock: clock)
        try configure(runtime)
    }

    func sandbox(permissions: Set<String> = []) -> LuaSandbox {
        runtime.makeSandbox(identity: ScriptIdentity(pluginID: "test-plugin", version: "1.0.0", permissions: permissions))
    }

    /// Loads `source` as main.lua and runs it (or its `function`) once.
    func run(
        _ source: String, function: String? = nil, arguments: [LuaValue] = [],
        budget: ScriptBudget = .job, in sandbox: LuaSandbox? = nil, context: (any Sendable)? = nil
    ) async throws(ScriptError) -> [LuaValue] {
        let sandbox = sandbox ?? self.sandbox()
        return try await executor.run { () throws(ScriptError) -> [LuaValue] in
            let chunk = try sandbox.load(source, chunkName: "main.lua")
            return try sandbox.run(chunk, function: function, arguments: arguments, budget: budget, context: context).values
        }
    }

    /// Runs a script that must fail, then checks that the runtime still runs a normal
    /// script, in the same sandbox when it was not discarded and in a new one.
    func expectContained(
        _ source: String, budget: ScriptBudget = .beforeHook, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async -> ScriptError? {
        let sandbox = self.sandbox()
        var failure: ScriptError?
        do {
            let values = try await run(source, budget: budget, in: sandbox)
            Issue.record("the script was not stopped; it returned \(values)", sourceLocation: sourceLocation)
        } catch {
            failure = error
        }
        await expectHealthy(sandbox, sourceLocation: sourceLocation)
        return failure
    }

    /// A normal script still runs, in `sandbox` unless it was discarded, and in a new sandbox.
    func expectHealthy(_ sandbox: LuaSandbox, sourceLocation: Testing.SourceLocation = #_sourceLocation) async {
        for candidate in sandbox.isDiscarded ? [self.sandbox()] : [sandbox, self.sandbox()] {
            do {
                let values = try await run("local t = {} for i = 1, 100 do t[i] = i end return #t + 1", budget: .job, in: candidate)
                #expect(values == [.integer(101)], sourceLocation: sourceLocation)
            } catch {
                Issue.record("a normal script failed after the hostile one: \(error)", sourceLocation: sourceLocation)
            }
        }
    }
}
