/// Exact integer arithmetic for amounts in minor units, never through `Double`.
enum MinorUnits {
    /// `value × numerator / denominator`, rounded half away from zero; 0 when the denominator is 0.
    ///
    /// Uses a full-width product, so a sum of amounts times a count of deals cannot overflow.
    static func scaled(_ value: Int64, by numerator: Int64, over denominator: Int64) -> Int64 {
        guard denominator != 0 else { return 0 }
        let negative = (value < 0) != (numerator < 0)
        let product = value.magnitude.multipliedFullWidth(by: numerator.magnitude)
        let divisor = denominator.magnitude
        guard product.high < divisor else { return negative != (denominator < 0) ? Int64.min : Int64.max }
        let (quotient, remainder) = divisor.dividingFullWidth(product)
        let rounded = remainder >= divisor - remainder ? quotient + 1 : quotient
        let result = Int64(clamping: rounded)
        return negative != (denominator < 0) ? -result : result
    }

    /// A sum of `amount × percent` back to minor units, rounded half up once per total.
    static func percentOf(_ weightedPercent: Int64) -> Int64 {
        scaled(weightedPercent, by: 1, over: 100)
    }
}
