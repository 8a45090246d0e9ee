import CarnetCore

/// What every service needs besides a connection: the clock, the sales configuration and
/// the point where plugins' before-hooks see changes.
public struct ServiceContext: Sendable {
    public let clock: any CarnetClock
    public let pipeline: Pipeline
    public let currency: CurrencyCode
    public let hooks: HookPoint
    /// Duplicate detection's phone region and how long a merge may be undone (`[data_quality]`).
    public let dataQuality: DataQualitySettings

    public init(clock: any CarnetClock, pipeline: Pipeline = .standard, currency: CurrencyCode = .eur, hooks: HookPoint = HookPoint(),
                dataQuality: DataQualitySettings = DataQualitySettings()) {
        self.clock = clock
        self.pipeline = pipeline
        self.currency = currency
        self.hooks = hooks
        self.dataQuality = dataQuality
    }

    /// The duplicate keys and pairs every contact and company write keeps up to date.
    public var duplicates: DuplicateIndex { DuplicateIndex(region: dataQuality.phoneRegion) }
}
