import CarnetCore
import Foundation

/// How the capture module behaves: `[capture]` in `config/carnet.toml`.
public struct CaptureSettings: Sendable {
    /// Submissions one client address may send per minute to the public form endpoint,
    /// as a token bucket: a burst of this many, then this many a minute.
    public var ratePerMinute = 10
    /// Take the client's address from `X-Forwarded-For` (its first entry) rather than from the
    /// connection: only behind a reverse proxy that sets it, or anyone can pick their address.
    public var trustForwardedFor = false
    /// The largest body `POST /f/{slug}` reads, in bytes; more is a 413.
    public var bodyLimitBytes = 64 * 1024
    /// The e-mail address of the user who gets the leads no assignment rule takes; nil leaves
    /// them without an owner (a badge captured in bulk then goes to whoever sent it).
    public var fallbackOwner: String?
    /// How long after capture the deal's first next action ("Contact the lead") falls due.
    public var firstContactWithin: TimeInterval = 24 * 3600
    /// The address of this Carnet as visitors reach it, for the snippet's form action.
    public var publicURL = "http://127.0.0.1:8080"
    /// The most badges one bulk capture takes.
    public static let bulkLimit = 1_000

    public init() {}
}
