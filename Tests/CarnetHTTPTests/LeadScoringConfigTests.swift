import CarnetCore
import CarnetHTTP
import CarnetLeadScoring
import Foundation
import Testing

@Suite("Configuration of the lead scoring module")
struct LeadScoringConfigTests {
    /// Loads a configuration written for one test.
    func load(_ text: String) throws -> CarnetConfig {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-config-tests")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(UUID().uuidString + ".toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try CarnetConfig.load(file: path, environment: [:])
    }

    @Test("[leadscoring] gives the batch size, the decay period and the backtest's months; the shipped file has the defaults")
    func settings() throws {
        let config = try load("[leadscoring]\nbatch_size = 1000\ndecay_every_hours = 12\nbacktest_months = 3\n")
        #expect(config.leadScoring.batchSize == 1000)
        #expect(config.leadScoring.decayEveryHours == 12)
        #expect(config.leadScoring.backtestMonths == 3)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let shipped = try CarnetConfig.load(file: root.appendingPathComponent("config/carnet.toml").path, environment: [:])
        #expect(shipped.leadScoring == LeadScoringSettings())
        #expect(!shipped.enabledModules.contains("leadscoring"))
    }

    @Test("bad [leadscoring] settings name the key", arguments: [
        ("batch_size = 10", "leadscoring.batch_size"),
        ("decay_every_hours = 0", "leadscoring.decay_every_hours"),
        ("backtest_months = \"six\"", "leadscoring.backtest_months"),
        ("model = 1", "leadscoring.model"),
    ])
    func bad(line: String, key: String) throws {
        do {
            _ = try load("[leadscoring]\n\(line)\n")
            Issue.record("accepted \(line)")
        } catch let error as ConfigError {
            #expect(error.key == key)
        }
    }
}
