import CarnetScripting
import Foundation
import Testing

@Suite("LuaExecutor")
struct LuaExecutorTests {
    @Test("work runs on the executor's own threads, several at once")
    func dedicatedThreads() async throws {
        let executor = LuaExecutor(threads: 2, name: "lua-test")
        let (one, two) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        async let first = executor.run { () -> (String, Bool) in
            one.signal()
            return (Thread.current.name ?? "", two.wait(timeout: .now() + 5) == .success)
        }
        async let second = executor.run { () -> (String, Bool) in
            two.signal()
            return (Thread.current.name ?? "", one.wait(timeout: .now() + 5) == .success)
        }
        let results = await [first, second]
        #expect(Set(results.map(\.0)) == ["lua-test-0", "lua-test-1"])
        #expect(results.allSatisfy { $0.1 }, "both ran at the same time")
    }

    @Test("errors come back typed")
    func typedErrors() async {
        let executor = LuaExecutor(threads: 1)
        await #expect(throws: HostFunctionError("no")) {
            try await executor.run { () throws(HostFunctionError) -> Int in throw HostFunctionError("no") }
        }
    }
}
