import CarnetCore
import CarnetLeadScoring
import Foundation
import Testing

@Suite("Scoring model validation")
struct ModelValidationTests {
    func fields(_ model: ScoringModel) -> [String] {
        do {
            try model.validate()
            return []
        } catch {
            guard case .validation(let errors) = error else { return ["not a validation error"] }
            return errors.map(\.field)
        }
    }

    @Test("the built-in model is valid")
    func standard() {
        #expect(fields(.standard).isEmpty)
    }

    @Test("thresholds must rise: hot above warm, both within 1...100")
    func thresholds() {
        #expect(fields(ScoringModel(thresholds: Thresholds(warm: 70, hot: 40))) == ["thresholds.hot"])
        #expect(fields(ScoringModel(thresholds: Thresholds(warm: 40, hot: 40))) == ["thresholds.hot"])
        #expect(fields(ScoringModel(thresholds: Thresholds(warm: 0, hot: 101))) == ["thresholds.warm", "thresholds.hot"])
    }

    @Test("each bad rule is named by its place: unknown field or signal, points out of range, twice the same id, bad ranges")
    func rules() throws {
        var model = ScoringModel.standard
        model.fit[0].field = "shoe_size"
        model.fit[1].points = 150
        model.engagement[0].signal = "tweet"
        model.engagement[1].id = "forms"
        model.engagement[2].halfLifeDays = 0
        model.recency[0].maxDays = 0
        #expect(fields(model) == ["fit[0].field", "fit[1].points", "engagement[0].signal", "engagement[1].id", "engagement[2].half_life_days", "recency[0].max_days"])
        var ranges = ScoringModel(thresholds: Thresholds(warm: 40, hot: 70), fit: [
            FitRule(id: "a", label: "A", field: .companySize, points: 5),
            FitRule(id: "b", label: "B", field: .annualRevenue, min: 10, max: 5, points: 5),
            FitRule(id: "c", label: "C", field: .industry, values: [], points: 5),
            FitRule(id: "d", label: " ", field: .region, values: ["x"], points: -101),
        ])
        #expect(fields(ranges) == ["fit[0].min", "fit[1].max", "fit[2].values", "fit[3].label", "fit[3].points"])
        ranges.fit = [FitRule(id: "Bad Id", label: "x", field: .country, values: ["FR"], min: 1, points: 1)]
        #expect(fields(ranges) == ["fit[0].id", "fit[0].min"])
    }

    @Test("the messages are in the asked language and name what is known")
    func messages() {
        var model = ScoringModel.standard
        model.fit[0].field = "shoe_size"
        #expect(throws: CarnetError.validation([FieldError("fit[0].field", "« shoe_size » n’est pas un champ qu’une règle d’adéquation lit ; champs connus : title, industry, company_size, annual_revenue, region, country")])) {
            try model.validate(language: .fr)
        }
    }
}
