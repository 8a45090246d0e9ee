import CarnetCore
@testable import CarnetReports
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Reports: forecast")
struct ForecastTests {
    /// A line's figures in the order deals, amount, weighted, committed deals, committed amount, committed weighted, history weighted.
    static func figures(_ line: ForecastLine?) -> [Int64] {
        guard let line else { return [] }
        return [Int64(line.deals), line.amount, line.weighted, Int64(line.committedDeals), line.committedAmount, line.committedWeighted, line.historyWeighted]
    }

    static func line(_ lines: [ForecastLine], _ key: String?, _ currency: String) -> ForecastLine? {
        lines.first { $0.key == key && $0.currency == currency }
    }

    @Test("weighted, committed and history forecasts by month, owner and region, per currency", arguments: Backend.available)
    func byGroup(backend: Backend) async throws {
        try await ReportsWorld.with(backend) { world in
            let sales = try await SalesHistory.build(world)
            let forecast = try await world.forecast(from: "2026-03", to: "2026-12")
            // Observed win rates: of the closed deals J1 (won), J2 (won), J3 (lost), F1 (lost), those
            // that entered lead: all four, 2 won; qualified and meeting: J1, J2, F1; proposal: J1, F1.
            #expect(forecast.winRates.map(\.stage) == ["lead", "qualified", "meeting", "proposal", "negotiation"])
            #expect(forecast.winRates.map(\.closed) == [4, 3, 3, 2, 0])
            #expect(forecast.winRates.map(\.won) == [2, 2, 2, 1, 0])
            #expect(forecast.winRates.last?.rate == nil)
            #expect(forecast.committedStages == ["negotiation"])
            // March EUR: O1 (proposal, 1,000.00 at 60 %) and O3 (lead, 333.33 with a 15 % override):
            // 100000×60 + 33333×15 = 6,499,995 → 64,999.95 → 65000; from history 100000×1/2 + 33333×2/4
            // = 50000 + 16666.5 → 16667 = 66667. Nothing committed.
            #expect(Self.figures(Self.line(forecast.byMonth, "2026-03", "EUR")) == [2, 133_333, 65_000, 0, 0, 0, 66_667])
            // March USD: O4 in meeting, 500.00 at 40 % = 20000; 2/3 observed = 33333.33 → 33333.
            #expect(Self.figures(Self.line(forecast.byMonth, "2026-03", "USD")) == [1, 50_000, 20_000, 0, 0, 0, 33_333])
            // April EUR: O2 in negotiation (committed), 2,000.00 at 80 %; no negotiation deal ever closed,
            // so the history forecast falls back to the probability.
            #expect(Self.figures(Self.line(forecast.byMonth, "2026-04", "EUR")) == [1, 200_000, 160_000, 1, 200_000, 160_000, 160_000])
            #expect(forecast.byMonth.count == 3, "O7 closes in 2027, outside the period")
            #expect(forecast.byMonth.map(\.keyName) == ["month", "month", "month"])
            // Totals: EUR (6,499,995 + 16,000,000) / 100 = 224,999.95 → 225000; never added to USD.
            #expect(Self.figures(Self.line(forecast.totals, nil, "EUR")) == [3, 333_333, 225_000, 1, 200_000, 160_000, 226_667])
            #expect(Self.figures(Self.line(forecast.totals, nil, "USD")) == [1, 50_000, 20_000, 0, 0, 0, 33_333])
            #expect(Self.figures(Self.line(forecast.byOwner, sales.ana.id, "EUR")) == [2, 300_000, 220_000, 1, 200_000, 160_000, 210_000])
            #expect(Self.figures(Self.line(forecast.byOwner, sales.bob.id, "EUR")) == [1, 33_333, 5_000, 0, 0, 0, 16_667])
            #expect(Self.figures(Self.line(forecast.byOwner, sales.bob.id, "USD")) == [1, 50_000, 20_000, 0, 0, 0, 33_333])
            // Regions: Acme's Bretagne for O1 and O2; O3's company has no region, so its contact's Normandie.
            #expect(Self.figures(Self.line(forecast.byRegion, "Bretagne", "EUR")) == [2, 300_000, 220_000, 1, 200_000, 160_000, 210_000])
            #expect(Self.figures(Self.line(forecast.byRegion, "Normandie", "EUR")) == [1, 33_333, 5_000, 0, 0, 0, 16_667])
            #expect(Self.figures(Self.line(forecast.byRegion, "Normandie", "USD")) == [1, 50_000, 20_000, 0, 0, 0, 33_333])
            #expect(forecast.byRegion.count == 3)
        }
    }

    @Test("open deals without a close date, or closing in the period without an amount, are counted and listed", arguments: Backend.available)
    func unscheduled(backend: Backend) async throws {
        try await ReportsWorld.with(backend) { world in
            let sales = try await SalesHistory.build(world)
            let forecast = try await world.forecast(from: "2026-03", to: "2026-12")
            let expected = ["O5": ["amount", "expected_close"], "O6": ["expected_close"], "O8": ["amount"],
                            "F2": ["amount", "expected_close"], "F3": ["amount", "expected_close"], "F4": ["amount", "expected_close"]]
            #expect(forecast.unscheduled.count == 6)
            #expect(Set(forecast.unscheduled.items.map(\.id)) == Set(expected.keys.map(sales.id)))
            for (name, missing) in expected {
                #expect(forecast.unscheduled.items.first { $0.id == sales.id(name) }?.missing == missing, "\(name)")
            }
            #expect(forecast.unscheduled.items.map(\.id) == forecast.unscheduled.items.map(\.id).sorted())
            let early = try await world.forecast(from: "2026-03", to: "2026-04")
            #expect(early.unscheduled.count == 5, "O8 closes in May: outside March–April, it is neither summed nor listed")
            let ana = try await world.forecast(from: "2026-03", to: "2026-12") { $0.ownerID = sales.ana.id }
            #expect(Set(ana.unscheduled.items.map(\.id)) == Set(["O5", "O8", "F2"].map(sales.id)))
        }
    }

    @Test("filters: territory, currency and owner", arguments: Backend.available)
    func filters(backend: Backend) async throws {
        try await ReportsWorld.with(backend) { world in
            let sales = try await SalesHistory.build(world)
            let normandy = try await world.forecast(from: "2026-03", to: "2026-12") { $0.territory = "Normandie" }
            #expect(Self.figures(Self.line(normandy.byMonth, "2026-03", "EUR")) == [1, 33_333, 5_000, 0, 0, 0, 16_667])
            #expect(Self.figures(Self.line(normandy.byMonth, "2026-03", "USD")) == [1, 50_000, 20_000, 0, 0, 0, 33_333])
            #expect(normandy.byMonth.count == 2)
            #expect(normandy.byRegion.map(\.key) == ["Normandie", "Normandie"])
            let dollars = try await world.forecast(from: "2026-03", to: "2026-12") { $0.currency = CurrencyCode("USD") }
            #expect(dollars.totals.map(\.currency) == ["USD"])
            let bob = try await world.forecast(from: "2026-03", to: "2026-12") { $0.ownerID = sales.bob.id }
            #expect(bob.byOwner.allSatisfy { $0.key == sales.bob.id })
            #expect(Self.figures(Self.line(bob.totals, nil, "EUR")) == [1, 33_333, 5_000, 0, 0, 0, 16_667])
        }
    }

    @Test("accuracy: each past month's forecasts made at its start against what was won in it", arguments: Backend.available)
    func accuracy(backend: Backend) async throws {
        try await ReportsWorld.with(backend) { world in
            _ = try await SalesHistory.build(world)
            let forecast = try await world.forecast(from: "2026-01", to: "2026-12")
            // Only January and February are over on 2 March.
            #expect(forecast.accuracy.map(\.month) == ["2026-01", "2026-02"])
            // January: no deal existed on 1 January; J1 (1,000.00) was won on the 12th.
            let january = try #require(forecast.accuracy.first)
            #expect([january.forecastDeals, january.wonDeals] as [Int] == [0, 1])
            #expect([january.weightedForecast, january.historyForecast, january.won] == [0, 0, 100_000])
            // February: on the 1st, J2 (2,500.01, closing the 25th) was in qualified: 25 % → 62500.25 → 62500.
            // The only deal that had entered qualified and closed by then is J1, won: rate 1 → 250001.
            // J2 was won on the 20th.
            let february = try #require(forecast.accuracy.last)
            #expect([february.forecastDeals, february.wonDeals] as [Int] == [1, 1])
            #expect([february.weightedForecast, february.historyForecast, february.won] == [62_500, 250_001, 250_001])
        }
    }

    @Test("rounding of minor units is exact and half away from zero")
    func rounding() {
        #expect(MinorUnits.percentOf(6_499_995) == 65_000)
        #expect(MinorUnits.percentOf(6_499_949) == 64_999)
        #expect(MinorUnits.scaled(33_333, by: 2, over: 4) == 16_667)
        #expect(MinorUnits.scaled(50_000, by: 2, over: 3) == 33_333)
        #expect(MinorUnits.scaled(-3, by: 1, over: 2) == -2)
        #expect(MinorUnits.scaled(Int64.max / 2, by: 3, over: 3) == Int64.max / 2)
        #expect(MinorUnits.scaled(5, by: 1, over: 0) == 0)
    }

    @Test("the committed stages default to negotiation on, or the last open stage, unless configured")
    func committedStages() {
        #expect(ReportsSettings().committedStages(in: .standard) == ["negotiation"])
        let short = Pipeline(stages: [Stage(key: "new", name: "New", probability: 10), Stage(key: "late", name: "Late", probability: 70),
                                      Stage(key: "done", name: "Done", probability: 100, outcome: .won)])
        #expect(ReportsSettings().committedStages(in: short) == ["late"])
        #expect(ReportsSettings(committedStages: ["proposal", "negotiation"]).committedStages(in: .standard) == ["proposal", "negotiation"])
    }
}
