import CarnetCore
import CarnetMail
import Foundation

/// How the tickets module behaves: `[tickets]` in `config/carnet.toml`.
public struct TicketsSettings: Sendable {
    /// The working hours SLA targets are counted in.
    public var calendar = BusinessCalendar()
    /// The first-response and resolution targets per priority, in working time.
    public var policy = SLAPolicy()
    /// How close to its due time a ticket must be to count as breaching soon.
    public var breachingSoon: TimeInterval = 2 * 3600
    /// How often the SLA scan runs.
    public var scanEvery: TimeInterval = 5 * 60
    /// The largest raw message `POST /api/v1/tickets/inbound` accepts, in bytes (413 above).
    public var inboundMaxBytes = 512 * 1024
    /// Where customers' answers to replies should go (the address piped to the inbound route);
    /// nil leaves replies from `[mail] from`.
    public var replyTo: MailAddress?
    /// Whether resolving a ticket e-mails its contact a one-click 1–5 satisfaction survey.
    public var satisfactionSurvey = true
    /// Where customers reach Carnet (`[server] public_url`): the survey's links start with it.
    public var publicURL = "http://127.0.0.1:8080"
    /// The language of the survey e-mail (`[locale] default`).
    public var language = Language.en

    public init() {}
}
