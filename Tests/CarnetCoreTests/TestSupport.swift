import CarnetCore
import Foundation

/// A small deterministic generator (SplitMix64), so ids drawn from it are reproducible.
struct SeededGenerator: RandomNumberGenerator {
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
}

/// Decodes a JSON body the way the API does.
func decodeJSON<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
    try CarnetJSON.decoder.decode(T.self, from: Data(json.utf8))
}

/// The instant `seconds` after 1970-01-01T00:00:00Z.
func instant(_ seconds: TimeInterval) -> Date {
    Date(timeIntervalSince1970: seconds)
}

/// 2026-01-01T00:00:00Z, the default start of `ManualClock`.
let newYear2026 = instant(1_767_225_600)

/// The field names of a validation error, or nil for any other error.
func validationFields(_ error: CarnetError?) -> [String]? {
    guard case .validation(let errors)? = error else { return nil }
    return errors.map(\.field)
}
