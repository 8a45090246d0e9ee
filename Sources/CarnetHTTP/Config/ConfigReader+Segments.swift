import CarnetSegments

extension ConfigReader {
    /// `[segments]`: how many campaign e-mails go to the mail queue per minute, and whether
    /// campaign e-mails are tracked (open pixel, click redirect).
    func segments() throws(ConfigError) -> SegmentsSettings {
        var settings = SegmentsSettings()
        settings.campaignRatePerMinute = try int("segments.campaign_rate_per_minute", in: 1...10_000) ?? settings.campaignRatePerMinute
        settings.tracking = try bool("segments.tracking") ?? settings.tracking
        return settings
    }
}
