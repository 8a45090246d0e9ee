import CarnetCore
import Foundation

/// How the follow-ups module behaves: `[followups]` in `config/carnet.toml`.
public struct FollowUpsSettings: Sendable {
    /// The time zone "today", "tomorrow 9:00" and due-today are read in.
    public var timeZone: TimeZone
    /// Which open stages require a next action; nil means every open stage.
    public var nextAction: NextActionPolicy
    /// Days without activity after which a deal in a stage is stale.
    public var rotting: RottingRule
    /// How long a new lead may wait for a first contact before Today flags it.
    public var leadResponseTime: TimeInterval
    /// How far back Today looks for new leads that nobody contacted.
    public var leadWindow: TimeInterval
    /// How long a new lead may wait for a first call, meeting or e-mail before it is handed to
    /// the next member of the team; nil never reassigns.
    public var leadReassignAfter: TimeInterval? = 3 * 86_400
    /// The local time (hour, minute) each user's daily digest e-mail goes out; nil sends none.
    public var digestTime: (hour: Int, minute: Int)? = (7, 30)
    /// The address of Carnet users open, named at the end of the digest.
    public var publicURL = "http://127.0.0.1:8080"

    public init(timeZone: TimeZone = TimeZone(identifier: "Europe/Paris") ?? .gmt, nextAction: NextActionPolicy = NextActionPolicy(),
                rotting: RottingRule = .standard, leadResponseTime: TimeInterval = 24 * 3600, leadWindow: TimeInterval = 14 * 86_400) {
        self.timeZone = timeZone
        self.nextAction = nextAction
        self.rotting = rotting
        self.leadResponseTime = leadResponseTime
        self.leadWindow = leadWindow
    }

    /// The rules the Today agenda applies with this pipeline.
    public func agendaRules(_ pipeline: Pipeline) -> AgendaRules {
        AgendaRules(pipeline: pipeline, nextAction: nextAction, rotting: rotting, leadResponseTime: leadResponseTime)
    }
}
