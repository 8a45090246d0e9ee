import CarnetScripting
import Foundation
import Testing

/// Plugin folders written to a temporary directory, loaded the way the server loads them.
@Suite final class PluginLoaderTests {
    let directory: URL
    let runtime = LuaRuntime()
    let executor = LuaExecutor(threads: 1)

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-plugins-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    var loader: PluginLoader { PluginLoader(runtime: runtime, executor: executor) }

    static let manifest = """
        id = "gate"
        version = "1.0.0"
        description = "Stage gate"
        api = "1"
        permissions = ["read:deals"]

        [hooks]
        "before:deal.stage_changed" = "gate"

        [[jobs]]
        schedule = "every 1h"
        function = "nightly"

        [[actions]]
        name = "rescore"
        function = "rescore"
        label = "Rescore"
        where = "contact"
        """

    static let source = """
        -- a plugin that defines everything its manifest names
        local function helper(x) return x end
        function gate(event) return helper(nil) end
        function nightly() end
        function rescore(contact) return 1 end
        """

    /// Writes a plugin folder named `id` with the given files (nil leaves one out).
    @discardableResult
    func write(_ id: String = "gate", manifest: String? = PluginLoaderTests.manifest, main: Data? = Data(PluginLoaderTests.source.utf8),
               tests: [String: String] = [:]) throws -> URL {
        let folder = directory.appendingPathComponent(id)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("tests"), withIntermediateDirectories: true)
        if let manifest { try Data(manifest.utf8).write(to: folder.appendingPathComponent("plugin.toml")) }
        if let main { try main.write(to: folder.appendingPathComponent("main.lua")) }
        for (name, text) in tests { try Data(text.utf8).write(to: folder.appendingPathComponent("tests/\(name)")) }
        return folder
    }

    func problems(of folder: URL, loader: PluginLoader? = nil) async -> [String] {
        do {
            let plugin = try await (loader ?? self.loader).load(folder)
            Issue.record("the plugin loaded: \(plugin.manifest.id)")
            return []
        } catch {
            #expect(error.pluginID == folder.lastPathComponent)
            return error.problems
        }
    }

    @Test func aValidPluginLoads() async throws {
        let folder = try write(tests: ["main_test.lua": "assert(true)", "b_test.lua": "", "notes.txt": "x"])
        let plugin = try await loader.load(folder)
        #expect(plugin.manifest.id == "gate")
        #expect(plugin.source == Self.source)
        #expect(plugin.tests == ["tests/b_test.lua", "tests/main_test.lua"])
        #expect(plugin.contentHash.count == 64)
        #expect(plugin.contentHash.allSatisfy { $0.isHexDigit && !$0.isUppercase })

        let same = try await loader.load(folder)
        #expect(same.contentHash == plugin.contentHash)
        try write(main: Data((Self.source + "\n-- changed\n").utf8))
        let changed = try await loader.load(folder)
        #expect(changed.contentHash != plugin.contentHash)

        #expect(try PluginLoader.pluginFolders(in: directory).map(\.lastPathComponent) == ["gate"])
    }

    @Test func aSyntaxErrorIsReportedWithItsLine() async throws {
        let folder = try write(main: Data("function gate() end\nfunction nightly() end\nfunction rescore( end\n".utf8))
        let problems = await problems(of: folder)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("main.lua:3:") == true, "\(problems)")
    }

    @Test func aManifestThatLiesAboutItsFunctionsIsRefused() async throws {
        let folder = try write(main: Data("function gate() end\nrescore = 42\n".utf8))
        let problems = await problems(of: folder)
        #expect(problems == [
            "plugin.toml: jobs[0].function: main.lua does not define the function nightly",
            "plugin.toml: actions[0].function: main.lua defines rescore as a number, not a function",
        ])
    }

    @Test func aLocalFunctionDoesNotCount() async throws {
        let folder = try write(main: Data("local function gate() end\nfunction nightly() end\nfunction rescore() end\n".utf8))
        let problems = await problems(of: folder)
        #expect(problems == [#"plugin.toml: hooks."before:deal.stage_changed": main.lua does not define the function gate"#])
    }

    @Test func aLoopAtLoadTimeIsStoppedByTheBudget() async throws {
        let folder = try write(main: Data("function gate() end\nwhile true do end\n".utf8))
        var loader = self.loader
        loader.loadBudget = ScriptBudget(cpuTime: .milliseconds(100), wallTime: .seconds(30), memory: 64 << 20, hostCalls: 1000)
        let started = ContinuousClock.now
        let problems = await problems(of: folder, loader: loader)
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("main.lua:2: CPU time budget exceeded") == true, "\(problems)")
    }

    @Test func memoryFilledAtLoadTimeIsStoppedByTheBudget() async throws {
        let folder = try write(main: Data("function gate() end\nlocal t = {}\nfor i = 1, 1e9 do t[i] = i end\n".utf8))
        var loader = self.loader
        loader.loadBudget = ScriptBudget(cpuTime: .seconds(10), wallTime: .seconds(30), memory: 4 << 20, hostCalls: 1000)
        let problems = await problems(of: folder, loader: loader)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("memory budget exceeded") == true, "\(problems)")
    }

    @Test func anErrorAtLoadTimeIsReported() async throws {
        let folder = try write(main: Data("function gate() end\nerror('not configured')\n".utf8))
        let problems = await problems(of: folder)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("main.lua:2: not configured") == true, "\(problems)")
    }

    @Test func bytecodeIsRefused() async throws {
        let folder = try write(main: Data([0x1B, 0x4C, 0x75, 0x61, 0x54, 0x00, 0x19, 0x93]))
        let problems = await problems(of: folder)
        #expect(problems == ["main.lua: is precompiled Lua bytecode; plugins are loaded from Lua source text only"])
    }

    @Test func missingAndOversizedFilesAreReported() async throws {
        let missing = try write("missing", manifest: nil, main: nil)
        #expect(await problems(of: missing) == ["plugin.toml: is missing", "main.lua: is missing"])

        let big = Data(("-- " + String(repeating: "x", count: PluginLoader.maximumFileSize) + "\n").utf8)
        let oversized = try write(main: big)
        let problems = await problems(of: oversized)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("main.lua: is \(big.count) bytes, over the limit") == true, "\(problems)")
    }

    @Test func manifestAndScriptProblemsAreReportedTogether() async throws {
        let manifest = Self.manifest.replacingOccurrences(of: #"version = "1.0.0""#, with: #"version = "1""#)
            .replacingOccurrences(of: #"id = "gate""#, with: #"id = "gate2""#)
        let folder = try write(manifest: manifest, main: Data("function gate(\n".utf8))
        let problems = await problems(of: folder)
        #expect(problems.count == 3, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("plugin.toml: id: ") })
        #expect(problems.contains { $0.hasPrefix("plugin.toml: version: ") })
        #expect(problems.contains { $0.hasPrefix("main.lua:") })
    }

    @Test func theManifestBudgetMaximumComesFromTheLoader() async throws {
        let manifest = Self.manifest + "\n\n[budgets]\nhost_calls = 2000\n"
        let folder = try write(manifest: manifest)
        var loader = self.loader
        loader.maximumBudget = ScriptBudget(cpuTime: .seconds(1), wallTime: .seconds(2), memory: 16 << 20, hostCalls: 1000)
        #expect(await problems(of: folder, loader: loader) == [
            "plugin.toml: budgets.host_calls: 2000 calls is over the administrator's maximum of 1000 calls",
        ])
        #expect(try await self.loader.load(folder).manifest.budgets.hostCalls == 2000)
    }
}
