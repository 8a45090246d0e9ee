import CarnetCore
import CarnetScripting
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

/// `carnet plugins test`: a plugin's Lua tests run against fixtures on a fresh database and
/// report each test, failures with their line.
@Suite("Plugin test runner")
struct PluginTestRunnerTests {
    static let gate = PluginSource("gate", hooks: ["before:deal.stage_changed": "gate"], main: """
        function gate(event)
          if event.to == "proposal" and (event.record.amount or 0) < 100000 then
            crm.reject("too small for a proposal")
          end
        end
        """)

    static let tests = """
        test("a small deal is refused", function()
          local contact = fixtures.contact({ last_name = "Lima" })
          local deal = fixtures.deal({ title = "Pilot", contact_id = contact.id })
          expect.error(function()
            fixtures.move(deal.id, "proposal", { amount = 500, expected_close = "2030-01-31" })
          end, "too small")
        end)

        test("a wrong expectation fails with its line", function()
          expect.eq(1 + 1, 3, "arithmetic")
        end)

        test("the clock can be set", function()
          fixtures.set_time("2030-05-01T10:00:00Z")
          expect.eq(crm.now(), crm.time("2030-05-01T10:00:00Z"))
        end)
        """

    @Test("each test is reported; a failure names its file, line and what differed")
    func results() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-plugin-tests-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.gate.write(to: directory)
        let testsFolder = directory.appendingPathComponent("gate/tests", isDirectory: true)
        try FileManager.default.createDirectory(at: testsFolder, withIntermediateDirectories: true)
        try Data(Self.tests.utf8).write(to: testsFolder.appendingPathComponent("gate_test.lua"))
        let clock = ManualClock()
        let results = try await TestDatabase.with(.sqlite, clock: clock) { services in
            let runner = PluginTestRunner(settings: PluginHostSettings(directory: directory), functions: [], logger: PluginWorld.logger)
            return try await runner.run(file: "tests/gate_test.lua", plugin: "gate", services: services, clock: clock)
        }
        #expect(results.map(\.passed) == [true, false, true])
        #expect(results[1].line == "FAIL tests/gate_test.lua: a wrong expectation fails with its line: tests/gate_test.lua:10: arithmetic: expected 3, got 2")
        #expect(results[0].line == "ok tests/gate_test.lua: a small deal is refused")
    }
}
