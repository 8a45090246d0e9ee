import CarnetCore

/// What every service needs besides a connection: the clock and the sales configuration.
public struct ServiceContext: Sendable {
    public let clock: any CarnetClock
    public let pipeline: Pipeline
    public let currency: CurrencyCode

    public init(clock: any CarnetClock, pipeline: Pipeline = .standard, currency: CurrencyCode = .eur) {
        self.clock = clock
        self.pipeline = pipeline
        self.currency = currency
    }
}
