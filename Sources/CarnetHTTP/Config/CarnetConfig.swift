import CarnetCapture
import CarnetCore
import CarnetScripting
import CarnetFollowUps
import CarnetLeadScoring
import CarnetMail
import CarnetTickets
import CarnetReports
import CarnetNurturing
import CarnetSegments
import CarnetStore
import Foundation

/// Carnet's settings: `config/carnet.toml`, then `CARNET_*` environment variables, then flags.
public struct CarnetConfig: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var bodyLimitBytes = 1_048_576
    public var publicURL = "http://127.0.0.1:8080"
    public var databaseURL = "sqlite://data/carnet.sqlite"
    public var poolSize = 8
    public var tokenCacheSeconds = 10
    public var loginMaxAttempts = 10
    public var defaultLocale = "en"
    public var enabledModules: [String] = []
    public var currency = CurrencyCode.eur
    public var pipeline = Pipeline.standard
    /// Outgoing mail (`[mail]`): an `.eml` folder by default, or an SMTP server.
    public var mail = MailSettings()
    /// The follow-ups module's settings (`[followups]`).
    public var followUps = FollowUpsSettings()
    /// The tickets module's settings (`[tickets]`).
    public var tickets = TicketsSettings()
    /// The capture module's settings (`[capture]`).
    public var capture = CaptureSettings()
    /// The reports module's settings (`[reports]`).
    public var reports = ReportsSettings()
    /// The segments module's settings (`[segments]`).
    public var segments = SegmentsSettings()
    /// The lead scoring module's settings (`[leadscoring]`).
    public var leadScoring = LeadScoringSettings()
    /// The nurturing module's settings (`[nurturing]`).
    public var nurturing = NurturingSettings()
    public var jobs = JobSettings()
    /// Outgoing webhooks (`[webhooks]`).
    public var webhooks = WebhookSettings()
    /// `[plugins]`: where the Lua plugins are, which start enabled, budgets' maximum, settings.
    public var plugins = PluginHostSettings()
    /// `[data_quality]`: the phone region of duplicate detection and the merge undo period.
    public var dataQuality = DataQualitySettings()
    /// The file the settings came from, for messages.
    public var source = "(defaults)"

    public init() {}

    /// Reads a TOML file (if it exists; a missing file named explicitly is an error) and
    /// applies environment overrides. Any unknown key or wrong type stops with a `ConfigError`.
    public static func load(file: String?, environment: [String: String]) throws(ConfigError) -> CarnetConfig {
        let path = file ?? "config/carnet.toml"
        var reader: ConfigReader
        if FileManager.default.fileExists(atPath: path) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ConfigError(file: path, key: "-", reason: "cannot read the file")
            }
            reader = try ConfigReader(text: text, file: path, environment: environment)
        } else if file != nil {
            throw ConfigError(file: path, key: "-", reason: "no such file")
        } else {
            reader = try ConfigReader(text: "", file: path, environment: environment)
        }
        return try reader.read()
    }
}
