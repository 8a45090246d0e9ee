import CarnetLeadScoring

extension ConfigReader {
    /// `[leadscoring]`: contacts per recompute batch, hours between decay runs, and the backtest's default months.
    func leadScoring() throws(ConfigError) -> LeadScoringSettings {
        var settings = LeadScoringSettings()
        settings.batchSize = try int("leadscoring.batch_size", in: 100...50_000) ?? settings.batchSize
        settings.decayEveryHours = try int("leadscoring.decay_every_hours", in: 1...168) ?? settings.decayEveryHours
        settings.backtestMonths = try int("leadscoring.backtest_months", in: 1...120) ?? settings.backtestMonths
        return settings
    }
}
