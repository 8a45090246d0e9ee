import CarnetCore
import CarnetScripting
import Synchronization
import Testing

/// What crm.log.info received.
final class MessageLog: Sendable {
    let lines = Mutex<[String]>([])
}

@Suite("Host API")
struct HostAPITests {
    /// A runtime with a small `crm` API: deals.get, deals.update (needs write:deals), log.info.
    func harness(log: MessageLog = MessageLog()) throws -> ScriptingHarness {
        try ScriptingHarness { runtime in
            try runtime.registerFunction(path: "crm.deals.get", permission: "read:deals") { arguments in
                let id = try arguments.string(argument: 1)
                guard id == "deal_1" else { throw CarnetError.notFound(entity: "deal", id: id) }
                return [["id": "deal_1", "amount": 125_000, "stages": ["lead", "proposal"]]]
            }
            try runtime.registerFunction(path: "crm.deals.update", permission: "write:deals") { _ in [true] }
            try runtime.registerFunction(path: "crm.log.info") { arguments in
                let message = try arguments.string(argument: 1)
                log.lines.withLock { $0.append(message) }
                return []
            }
        }
    }

    @Test("a host function receives converted arguments and returns Lua values")
    func roundTrip() async throws {
        let harness = try harness()
        let values = try await harness.run("""
            local deal = crm.deals.get("deal_1")
            return deal.id, deal.amount, #deal.stages, deal.stages[2]
            """, in: harness.sandbox(permissions: ["read:deals"]))
        #expect(values == ["deal_1", 125_000, 2, "proposal"])
    }

    @Test("a wrong-typed argument is an error naming the function, the argument and both types")
    func wrongType() async throws {
        let harness = try harness()
        let values = try await harness.run("""
            local ok, err = pcall(crm.deals.get, { id = "deal_1" })
            local ok2, err2 = pcall(crm.deals.get)
            return err, err2
            """, in: harness.sandbox(permissions: ["read:deals"]))
        #expect(values == ["crm.deals.get: argument 1 must be a string, got table",
                           "crm.deals.get: argument 1 must be a string, got nil"])
    }

    @Test("a host function's CarnetError reaches the script as its detail")
    func carnetErrors() async throws {
        let harness = try harness()
        let error = await #expect(throws: ScriptError.self) {
            _ = try await harness.run("local deal = crm.deals.get('deal_9')", in: harness.sandbox(permissions: ["read:deals"]))
        }
        #expect(error?.kind == .runtime)
        #expect(error?.message == "main.lua:1: crm.deals.get: No deal with id deal_9.")
        #expect(error?.location == SourceLocation(file: "main.lua", line: 1))
    }

    @Test("a function needing a permission the plugin lacks is refused before it runs")
    func permissions() async throws {
        let harness = try harness()
        let values = try await harness.run("""
            local ok, err = pcall(crm.deals.update, "deal_1", { amount = 1 })
            return ok, err
            """, in: harness.sandbox(permissions: ["read:deals"]))
        #expect(values == [false, "crm.deals.update: plugin test-plugin 1.0.0 lacks the permission write:deals; declare it in plugin.toml"])
        let granted = try await harness.run("return crm.deals.update('deal_1', {})", in: harness.sandbox(permissions: ["write:deals"]))
        #expect(granted == [true])
    }

    @Test("the crm table is read-only at every level, whatever the path")
    func readOnlyCRM() async throws {
        let harness = try harness()
        let values = try await harness.run("""
            local attempts = {
                function() crm.deals = nil end,
                function() crm.log.info = function() end end,
                function() rawset(crm, "extra", 1) end,
                function() rawset(crm.log, "warn", 1) end,
                function() setmetatable(crm, nil) end,
                function() getmetatable(crm).__index.deals = nil end,
            }
            local refused = 0
            for _, attempt in ipairs(attempts) do
                if not pcall(attempt) then refused = refused + 1 end
            end
            return refused, type(crm.log.info), rawget(crm, "extra")
            """)
        #expect(values == [6, "function", LuaValue.nil])
    }

    @Test("crm.log.info runs the Swift handler")
    func logging() async throws {
        let log = MessageLog()
        let harness = try harness(log: log)
        _ = try await harness.run("crm.log.info('deal moved'); crm.log.info(('x'):rep(3))")
        #expect(log.lines.withLock { $0 } == ["deal moved", "xxx"])
    }

    @Test("a call handler sees the plugin's identity and the run's context")
    func callContext() async throws {
        let harness = try ScriptingHarness { runtime in
            try runtime.register(HostFunction(path: "crm.whoami") { call in
                [.string("\(call.path) \(call.identity.pluginID) \(call.context as? String ?? "none")")]
            })
        }
        let values = try await harness.run("return crm.whoami()", context: "transaction 7")
        #expect(values == ["crm.whoami test-plugin transaction 7"])
    }

    @Test("an argument that cannot cross says what and where", arguments: [
        ("crm.echo(function() end)", "crm.echo: argument 1 is a function; only nil, booleans, numbers, strings and tables cross to the host"),
        ("crm.echo(1, {a = {b = {coroutine.create(type)}}})", "crm.echo: argument 2 is a thread; only nil, booleans, numbers, strings and tables cross to the host (at .a.b[1])"),
        ("crm.echo({1, 2, nil, 4})", "crm.echo: argument 1 has integer keys that are not a sequence 1..n"),
        ("crm.echo({1, x = 2})", "crm.echo: argument 1 mixes string and integer keys; tables cross with string keys or as sequences 1..n"),
        ("local t = {} t.self = t crm.echo(t)", "crm.echo: argument 1 nests tables deeper than 100 levels (or contains itself) (at \(String(repeating: ".self", count: 100)))"),
        ("crm.echo('\\255')", "crm.echo: argument 1 is not valid UTF-8 text"),
        ("crm.echo({[true] = 1})", "crm.echo: argument 1 has a boolean key; tables cross with string keys or as sequences 1..n"),
    ])
    func unconvertibleArguments(script: String, message: String) async throws {
        let harness = try ScriptingHarness { runtime in
            try runtime.registerFunction(path: "crm.echo") { $0 }
        }
        let values = try await harness.run("local ok, err = pcall(function() \(script) end) return err")
        #expect(values == [.string("main.lua:1: " + message)])
    }

    @Test("registration refuses bad paths, duplicates and function/table clashes")
    func registration() throws {
        let runtime = LuaRuntime()
        try runtime.registerFunction(path: "crm.deals.get") { _ in [] }
        #expect(throws: HostFunctionRegistrationError.duplicate("crm.deals.get")) {
            try runtime.registerFunction(path: "crm.deals.get") { _ in [] }
        }
        #expect(throws: HostFunctionRegistrationError.conflict(path: "crm.deals", with: "crm.deals.get")) {
            try runtime.registerFunction(path: "crm.deals") { _ in [] }
        }
        #expect(throws: HostFunctionRegistrationError.conflict(path: "crm.deals.get.more", with: "crm.deals.get")) {
            try runtime.registerFunction(path: "crm.deals.get.more") { _ in [] }
        }
        for path in ["deals.get", "crm", "crm.", "crm.1deal", "crm.deals-get", "crm.end", "string.upper"] {
            #expect(throws: HostFunctionRegistrationError.invalidPath(path)) {
                try runtime.registerFunction(path: path) { _ in [] }
            }
        }
    }

    @Test("argument helpers accept what Lua would and name what they expected")
    func argumentHelpers() throws {
        let arguments: [LuaValue] = ["text", 3, 4.0, 2.5, true, [:], [1, 2], ["k": "v"]]
        #expect(try arguments.string(argument: 1) == "text")
        #expect(try arguments.integer(argument: 2) == 3)
        #expect(try arguments.integer(argument: 3) == 4)
        #expect(try arguments.number(argument: 2) == 3)
        #expect(try arguments.bool(argument: 5))
        #expect(try arguments.array(argument: 6) == [])
        #expect(try arguments.object(argument: 6) == [:])
        #expect(try arguments.array(argument: 7) == [1, 2])
        #expect(try arguments.object(argument: 8) == ["k": "v"])
        #expect(throws: HostArgumentError(position: 4, expected: "an integer", actual: "number")) {
            try arguments.integer(argument: 4)
        }
        #expect(throws: HostArgumentError(position: 9, expected: "a boolean", actual: "nil")) {
            try arguments.bool(argument: 9)
        }
        #expect(throws: HostArgumentError(position: 7, expected: "a table with string keys", actual: "table")) {
            try arguments.object(argument: 7)
        }
    }
}
