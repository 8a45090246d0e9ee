import Foundation

/// The summaries the `carnet bench` commands print: medians and 95th percentiles of samples.
enum BenchStats {
    /// The median and the 95th percentile (nearest rank) of `values`, which must not be empty.
    static func percentiles(_ values: [Double]) -> (p50: Double, p95: Double) {
        let sorted = values.sorted()
        return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.95))])
    }

    /// Two decimals.
    static func format(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}
