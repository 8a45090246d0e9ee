import CarnetCore

/// What every service needs besides a connection: the clock, the sales configuration and
/// the point where plugins' before-hooks see changes.
public struct ServiceContext: Sendable {
    public let clock: any CarnetClock
    public let pipeline: Pipeline
    public let currency: CurrencyCode
    public let hooks: HookPoint

    public init(clock: any CarnetClock, pipeline: Pipeline = .standard, currency: CurrencyCode = .eur, hooks: HookPoint = HookPoint()) {
        self.clock = clock
        self.pipeline = pipeline
        self.currency = currency
        self.hooks = hooks
    }
}
