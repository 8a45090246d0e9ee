/// How webhooks are checked and delivered (`[webhooks]` in `config/carnet.toml`).
public struct WebhookSettings: Sendable, Equatable {
    /// The ports a webhook URL may reach, its scheme's default port included.
    public var allowedPorts = [80, 443, 8080, 8443]
    /// How long one delivery may take, connection to last byte; far below the job lease.
    public var timeoutSeconds = 10
    /// Attempts of a delivery before it is dead-lettered (backoff from `[jobs]` in between).
    public var maxAttempts = 8

    public init() {}
}
