extension Duration {
    /// The duration in seconds, as a floating-point number (for the benchmarks' figures).
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
