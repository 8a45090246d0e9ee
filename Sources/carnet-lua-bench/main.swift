// Measures the scripting runtime: the cost of a trivial Swift → Lua call through a
// sandbox, and what the watchdog costs a CPU-bound script. Build and run in release:
//
//     swift build -c release --product carnet-lua-bench && .build/release/carnet-lua-bench
//
// Runs on the main thread, which is not the Swift concurrency pool.

import CLua
import CLuaShim
import CarnetScripting
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func now() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

func percentile(_ samples: [UInt64], _ fraction: Double) -> UInt64 {
    let sorted = samples.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
}

func median(_ values: [Double]) -> Double {
    values.sorted()[values.count / 2]
}

/// Times each of `count` calls, after `count / 10` warm-up calls.
func timeEach(_ count: Int, _ call: () throws -> Void) rethrows -> [UInt64] {
    for _ in 0..<(count / 10) { try call() }
    var samples: [UInt64] = []
    samples.reserveCapacity(count)
    for _ in 0..<count {
        let start = now()
        try call()
        samples.append(now() - start)
    }
    return samples
}

/// A plain Lua state with the whole standard library and `source` loaded: the baseline.
func bareState(_ source: String) -> OpaquePointer {
    let L = luaL_newstate()!
    luaL_openlibs(L)
    precondition(luaL_loadstring(L, source) == LUA_OK && lua_pcallk(L, 0, 0, 0, 0, nil) == LUA_OK)
    return L
}

let calls = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 200_000
let runtime = LuaRuntime()
let sandbox = runtime.makeSandbox(identity: ScriptIdentity(pluginID: "bench", version: "1.0.0"))

// MARK: - Dispatch

let trivial = try sandbox.load("function f() return 1 end", chunkName: "trivial.lua")
let dispatch = try timeEach(calls) { _ = try sandbox.run(trivial, function: "f", budget: .beforeHook) }

let hook = try sandbox.load("""
    function before_stage_change(event)
        if event.to == "proposal" and (event.amount or 0) > 10000 then return "needs a decision maker" end
    end
    """, chunkName: "hook.lua")
let event: LuaValue = ["type": "deal.stage_changed", "deal_id": "deal_01", "from": "qualified", "to": "proposal", "amount": 25_000]
let eventDispatch = try timeEach(calls) {
    _ = try sandbox.run(hook, function: "before_stage_change", arguments: [event], budget: .beforeHook)
}

let bare = bareState("function f() return 1 end")
let floor = timeEach(calls) {
    lua_getglobal(bare, "f")
    _ = lua_pcallk(bare, 0, 1, 0, 0, nil)
    carnet_lua_pop(bare, 1)
}

print("Swift → Lua call, \(calls) calls each (ns)      p50     p99")
for (label, samples) in [("bare lua_pcall of f() (floor)", floor),
                         ("sandbox run of f(), fresh _ENV", dispatch),
                         ("before-hook with a 5-field event", eventDispatch)] {
    print(label.padding(toLength: 40, withPad: " ", startingAt: 0),
          String(percentile(samples, 0.5)).leftPadded(7), String(percentile(samples, 0.99)).leftPadded(7))
}

// MARK: - Watchdog overhead on a CPU-bound loop

let loop = "local s = 0 for i = 1, 30000000 do s = s + i % 7 end return s"
let rounds = 7
let budget = ScriptBudget(cpuTime: .seconds(60), wallTime: .seconds(120), memory: 64 << 20, hostCalls: 10)
let watched = try sandbox.load(loop, chunkName: "loop.lua")

/// The loop in a plain state, optionally with a count hook set for the whole run.
func bareLoop(hooked: Bool) -> Double {
    let L = luaL_newstate()!
    luaL_openlibs(L)
    if hooked {
        lua_sethook(L, { _, _ in }, Int32(1 << LUA_HOOKCOUNT), 1_000_000)
    }
    precondition(luaL_loadstring(L, loop) == LUA_OK)
    let start = now()
    precondition(lua_pcallk(L, 0, 1, 0, 0, nil) == LUA_OK)
    let elapsed = Double(now() - start) / 1e6
    lua_close(L)
    return elapsed
}

var bareTimes: [Double] = []
var watchedTimes: [Double] = []
var hookedTimes: [Double] = []
for _ in 0..<rounds {
    bareTimes.append(bareLoop(hooked: false))
    let start = now()
    _ = try sandbox.run(watched, budget: budget)
    watchedTimes.append(Double(now() - start) / 1e6)
    hookedTimes.append(bareLoop(hooked: true))
}
let bareMedian = median(bareTimes)
let watchedMedian = median(watchedTimes)
let hookedMedian = median(hookedTimes)
print("")
print("CPU-bound loop (30M iterations), median of \(rounds) runs")
print("  bare state                         \(format(bareMedian)) ms")
print("  sandbox, watchdog active           \(format(watchedMedian)) ms   ratio \(format(watchedMedian / bareMedian, digits: 3))")
print("  bare state, count hook always set  \(format(hookedMedian)) ms   ratio \(format(hookedMedian / bareMedian, digits: 3))")

func format(_ value: Double, digits: Int = 1) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    return "\(rounded)"
}

extension String {
    func leftPadded(_ width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
