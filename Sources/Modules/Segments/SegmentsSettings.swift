/// How the segments module behaves: `[segments]` in `config/carnet.toml`.
public struct SegmentsSettings: Sendable {
    /// How many campaign e-mails are handed to the mail queue per minute, spread evenly.
    public var campaignRatePerMinute = 60
    /// Whether campaign e-mails carry an open pixel and links through the click redirect.
    public var tracking = false
    /// The address of Carnet as recipients reach it: the unsubscribe, pixel and click links start with it.
    public var publicURL = "http://127.0.0.1:8080"

    public init(campaignRatePerMinute: Int = 60, tracking: Bool = false, publicURL: String = "http://127.0.0.1:8080") {
        self.campaignRatePerMinute = campaignRatePerMinute
        self.tracking = tracking
        self.publicURL = publicURL
    }
}
