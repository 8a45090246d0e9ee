import CarnetCapture
import CarnetCore
import Foundation

extension ConfigReader {
    /// `[capture]`: the public form endpoint's rate limit per client address and per minute,
    /// whether to believe `X-Forwarded-For`, its body limit, the owner of leads no assignment
    /// rule takes (a user's e-mail), and when a new lead's deal falls due for a first contact.
    func capture(publicURL: String) throws(ConfigError) -> CaptureSettings {
        var settings = CaptureSettings()
        settings.publicURL = publicURL
        settings.ratePerMinute = try int("capture.rate_limit_per_minute", in: 1...10_000) ?? settings.ratePerMinute
        settings.trustForwardedFor = try bool("capture.trust_forwarded_for") ?? settings.trustForwardedFor
        settings.bodyLimitBytes = try int("capture.body_limit_bytes", in: 1024...(8 << 20)) ?? settings.bodyLimitBytes
        if let owner = try string("capture.fallback_owner"), !owner.isEmpty {
            guard EmailAddress.isValid(owner) else { throw fail("capture.fallback_owner", "must be the e-mail address of a user (got \(owner))") }
            settings.fallbackOwner = owner
        }
        if let hours = try int("capture.first_contact_hours", in: 1...720) { settings.firstContactWithin = TimeInterval(hours) * 3600 }
        return settings
    }
}
