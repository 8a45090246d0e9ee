import Crypto
import Foundation

/// Random secrets handed out in links and headers (API tokens, calendar feeds, satisfaction
/// survey links) and the SHA-256 hex stored in their place, so a copy of the database gives
/// no usable secret.
public enum SecretToken {
    /// `prefix` then 43 base64url characters (256 random bits).
    public static func make(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return prefix + base64
    }

    /// The hash stored for a token. SHA-256 is enough: tokens are random, not guessable words.
    ///
    /// Every API request hashes its token, so the hex is written directly: `String(format:)`
    /// per byte took a tenth of a create's CPU time.
    public static func hash(_ token: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(token.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
