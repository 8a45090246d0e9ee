import Foundation

/// How the nurturing module behaves: `[nurturing]` in `config/carnet.toml`.
public struct NurturingSettings: Sendable {
    /// How often sequences triggered by a segment look for contacts who entered it.
    public var segmentScanMinutes = 15
    /// The most contacts one scan enrolls per sequence; the next scan takes the rest.
    public var segmentScanBatch = 1_000
    /// The time zone of `wait until` steps (weekday and hour).
    public var timeZone = TimeZone(identifier: "UTC") ?? .current

    public init(segmentScanMinutes: Int = 15, segmentScanBatch: Int = 1_000, timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current) {
        self.segmentScanMinutes = segmentScanMinutes
        self.segmentScanBatch = segmentScanBatch
        self.timeZone = timeZone
    }
}
