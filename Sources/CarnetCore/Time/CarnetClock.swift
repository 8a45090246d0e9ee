import Foundation

/// The source of "now" for everything in Carnet, injected so tests can travel in time.
public protocol CarnetClock: Sendable {
    /// The current instant.
    var now: Date { get }
}

/// The wall clock of the machine.
public struct SystemClock: CarnetClock {
    public init() {}
    public var now: Date { Date() }
}
