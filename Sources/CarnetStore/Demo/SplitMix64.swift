/// A small seedable random generator (SplitMix64, Steele, Lea and Flood 2014).
///
/// Its helpers draw numbers by plain modulo rather than with `Int.random(in:using:)`,
/// whose algorithm the standard library may change: the same seed then gives the same
/// sample on every platform and toolchain. The modulo bias is negligible for the small
/// ranges used here. The importer also draws its new ids from one, seeded by the system.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// One of `items`, which must not be empty.
    mutating func pick<T>(_ items: [T]) -> T {
        items[int(0...(items.count - 1))]
    }

    /// True `percent` times out of 100.
    mutating func chance(_ percent: Int) -> Bool {
        int(0...99) < percent
    }
}
