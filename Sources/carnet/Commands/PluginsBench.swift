import ArgumentParser
import CarnetCore
import CarnetScripting
import CarnetStore
import Foundation
import Logging

/// `carnet bench plugins`: what Lua plugins cost — the dispatch of a trivial before-hook,
/// the same hook on a real write, and a realistic scoring function against the same logic
/// in Swift.
struct PluginsBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "Time Lua before-hook dispatch and a scoring function against Swift.",
        discussion: """
            On a scratch SQLite database: (1) --dispatches calls of the before-hooks of a deal change with \
            one trivial hook (`function gate(event) end`), then with a hook that reads the record's amount, \
            against a bare sandbox call of a trivial function; \
            (2) --writes deal updates, each its own transaction, alternately with the hook installed and \
            without; (3) a 30-line scoring function over --contacts contacts, called once per contact \
            with the contact's record, against the same logic in Swift. Prints p50 and p95 and the ratios.
            """
    )

    @Option(help: "Before-hook dispatches to time.") var dispatches = 100_000
    @Option(help: "Deal updates to time with and without the hook.") var writes = 4_000
    @Option(help: "Contacts to score.") var contacts = 100_000

    func run() async throws {
        let (dispatches, writes, contacts) = (self.dispatches, self.writes, self.contacts)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bench_plugins_\(UUID().uuidString.prefix(8))", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let trivial = scratch.appendingPathComponent("trivial", isDirectory: true)
        let reading = scratch.appendingPathComponent("reading", isDirectory: true)
        try Self.writeGate(to: trivial, body: "function gate(event) end")
        try Self.writeGate(to: reading, body: """
            function gate(event)
              local amount = event.record.amount or 0
              if event.to == "proposal" and amount < 100000 then crm.reject("too small") end
            end
            """)
        try await BenchDatabase.withFollowUps("plugins", settings: .init()) { services in
            var logger = Logger(label: "carnet.bench")
            logger.logLevel = .critical
            try await services.database.write { conn in
                try PluginStates.setEnabled("gate", true, at: Date(), conn)
                try services.modules.set("followups", enabled: false, actor: .system, conn)
            }
            let host = PluginHost(services: services, settings: PluginHostSettings(directory: trivial), logger: logger)
            let reader = PluginHost(services: services, settings: PluginHostSettings(directory: reading), logger: logger)
            try await host.refresh()
            try await reader.refresh()
            try await Self.dispatch(host, reader, services: services, count: dispatches)
            try await Self.writes(host, services: services, count: writes)
        }
        try await Self.scoring(contacts)
    }

    static func writeGate(to directory: URL, body: String) throws {
        let folder = directory.appendingPathComponent("gate", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("""
            id = "gate"
            version = "1.0.0"
            description = "A trivial before-hook."
            api = "1"
            [hooks]
            "before:deal.updated" = "gate"
            """.utf8).write(to: folder.appendingPathComponent("plugin.toml"))
        try Data((body + "\n").utf8).write(to: folder.appendingPathComponent("main.lua"))
    }

    /// The hook's dispatch on the writer's thread, as a change's transaction calls it.
    static func dispatch(_ host: PluginHost, _ reader: PluginHost, services: Services, count: Int) async throws {
        let (hook, reading, floor) = try await services.database.write { conn -> ([Double], [Double], [Double]) in
            var contact = ContactPatch()
            contact.lastName = "Bench"
            let owner = try services.contacts.create(contact, actor: .system, conn)
            var patch = DealPatch()
            patch.title = "Bench deal"
            patch.contactID = owner.id
            patch.amount = 1_250_000
            let deal = try services.deals.create(patch, actor: .system, conn)
            let record = try CRMValues.record(deal).json
            let change = PendingChange(events: [EventType.updated("deal")], entity: "deal", entityID: deal.id, record: record, previous: record, actor: .system)
            let hook = try timeEach(count) { _ = try host.run(change, conn) }
            let reading = try timeEach(count) { _ = try reader.run(change, conn) }
            let sandbox = LuaRuntime().makeSandbox(identity: ScriptIdentity(pluginID: "floor", version: "1.0.0"))
            let chunk = try sandbox.load("function f() end", chunkName: "floor.lua")
            let floor = try timeEach(count) { _ = try sandbox.run(chunk, function: "f", budget: .beforeHook) }
            return (hook, reading, floor)
        }
        let (h50, h95) = BenchStats.percentiles(hook)
        let (f50, f95) = BenchStats.percentiles(floor)
        let (r50, r95) = BenchStats.percentiles(reading)
        print("before-hook dispatch (deal record, trivial hook, run logged): p50 \(BenchStats.format(h50)) µs, p95 \(BenchStats.format(h95)) µs")
        print("before-hook dispatch, the hook reading event.record.amount and event.to: p50 \(BenchStats.format(r50)) µs, p95 \(BenchStats.format(r95)) µs")
        print("bare sandbox call of a trivial function: p50 \(BenchStats.format(f50)) µs, p95 \(BenchStats.format(f95)) µs; dispatch/bare p50 \(BenchStats.format(h50 / f50))x")
    }

    /// Deal updates through the services, each its own transaction, with and without the hook.
    static func writes(_ host: PluginHost, services: Services, count: Int) async throws {
        let dealID = try await services.database.write { conn in
            var contact = ContactPatch()
            contact.lastName = "Writer"
            let owner = try services.contacts.create(contact, actor: .system, conn)
            var patch = DealPatch()
            patch.title = "Updated deal"
            patch.contactID = owner.id
            return try services.deals.create(patch, actor: .system, conn).id
        }
        var with: [Double] = []
        var without: [Double] = []
        for index in 0..<count {
            let hooked = index % 2 == 0
            services.context.hooks.install(hooked ? host : nil)
            var patch = DealPatch()
            patch.amount = Int64(index + 1)
            let change = patch
            let start = ContinuousClock.now
            _ = try await services.database.write { conn in try services.deals.update(dealID, change, expectedVersion: nil, actor: .system, conn) }
            let micros = (ContinuousClock.now - start).seconds * 1_000_000
            if index >= count / 10 { hooked ? with.append(micros) : without.append(micros) }
        }
        services.context.hooks.install(nil)
        let (w50, w95) = BenchStats.percentiles(with)
        let (o50, o95) = BenchStats.percentiles(without)
        print("deal update with the hook: p50 \(BenchStats.format(w50)) µs, p95 \(BenchStats.format(w95)) µs; without: p50 \(BenchStats.format(o50)) µs, p95 \(BenchStats.format(o95)) µs; "
              + "added p50 \(BenchStats.format(w50 - o50)) µs (\(BenchStats.format(w50 / o50))x)")
    }

    /// The scoring function in Lua, once per contact, against the same logic in Swift.
    static func scoring(_ count: Int) async throws {
        let contacts = ScoringFixture.contacts(count)
        let records = try contacts.map { try CRMValues.record($0) }
        let executor = LuaExecutor(threads: 1, name: "bench-lua")
        let (lua, total, batched, batchTotal) = try await executor.run { () throws -> (Double, Int64, Double, Int64) in
            let sandbox = LuaRuntime().makeSandbox(identity: ScriptIdentity(pluginID: "score", version: "1.0.0"))
            let chunk = try sandbox.load(ScoringFixture.lua + ScoringFixture.luaBatch, chunkName: "score.lua")
            var total: Int64 = 0
            let start = ContinuousClock.now
            for record in records {
                if case .integer(let score)? = try sandbox.run(chunk, function: "score", arguments: [record], budget: .beforeHook).values.first { total += score }
            }
            let perCall = (ContinuousClock.now - start).seconds
            var batchTotal: Int64 = 0
            let batchStart = ContinuousClock.now
            for offset in stride(from: 0, to: records.count, by: ScoringFixture.batchSize) {
                let batch = LuaValue.array(Array(records[offset..<min(offset + ScoringFixture.batchSize, records.count)]))
                if case .integer(let sum)? = try sandbox.run(chunk, function: "score_all", arguments: [batch], budget: .job).values.first { batchTotal += sum }
            }
            return (perCall, total, (ContinuousClock.now - batchStart).seconds, batchTotal)
        }
        var swiftTotal = 0
        let swiftStart = ContinuousClock.now
        for contact in contacts { swiftTotal += ScoringFixture.score(contact) }
        let swift = (ContinuousClock.now - swiftStart).seconds
        precondition(Int(total) == swiftTotal && Int(batchTotal) == swiftTotal, "the Lua and Swift scores differ: \(total), \(batchTotal) against \(swiftTotal)")
        print("scoring \(count) contacts: Lua \(BenchStats.format(lua * 1000)) ms (\(BenchStats.format(lua / Double(count) * 1_000_000)) µs each, record passed per call); "
              + "Swift \(BenchStats.format(swift * 1000)) ms; Lua/Swift \(BenchStats.format(lua / swift))x")
        print("scoring \(count) contacts \(ScoringFixture.batchSize) per run (as a job paging through them): Lua \(BenchStats.format(batched * 1000)) ms; "
              + "Lua/Swift \(BenchStats.format(batched / swift))x")
    }

    /// Times each call in microseconds, after a tenth as many warm-up calls.
    static func timeEach(_ count: Int, _ call: () throws -> Void) rethrows -> [Double] {
        for _ in 0..<max(1, count / 10) { try call() }
        var samples: [Double] = []
        samples.reserveCapacity(count)
        for _ in 0..<count {
            let start = ContinuousClock.now
            try call()
            samples.append((ContinuousClock.now - start).seconds * 1_000_000)
        }
        return samples
    }
}
