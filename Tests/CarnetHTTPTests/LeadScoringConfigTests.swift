import CarnetCore
import CarnetHTTP
import CarnetLeadScoring
import Foundation
import Testing

@Suite("Configuration of the lead scoring module")
struct LeadScoringConfigTests {
    @Test("[leadscoring] gives the batch size, the decay period and the backtest's months; the shipped file has the defaults")
    func settings() throws {
        let config = try ConfigFile.load("[leadscoring]\nbatch_size = 1000\ndecay_every_hours = 12\nbacktest_months = 3\n")
        #expect(config.leadScoring.batchSize == 1000)
        #expect(config.leadScoring.decayEveryHours == 12)
        #expect(config.leadScoring.backtestMonths == 3)
        let shipped = try ConfigFile.loadShipped()
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
            _ = try ConfigFile.load("[leadscoring]\n\(line)\n")
            Issue.record("accepted \(line)")
        } catch let error as ConfigError {
            #expect(error.key == key)
        }
    }
}
