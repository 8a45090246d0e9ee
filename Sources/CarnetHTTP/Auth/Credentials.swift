import CarnetCore
import Crypto
import Foundation
import HummingbirdBcrypt

/// How Carnet makes and checks secrets: API tokens (random, stored as SHA-256) and passwords (bcrypt).
public enum Credentials {
    /// A new API token: `crn_` then 43 base64url characters (256 random bits).
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return "crn_" + base64
    }

    /// The hash stored for a token. SHA-256 is enough: tokens are random, not guessable words.
    ///
    /// Every API request hashes its token, so the hex is written directly: `String(format:)`
    /// per byte took a tenth of a create's CPU time.
    public static func tokenHash(_ token: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(token.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// A bcrypt hash of a password (cost 12), refusing passwords under 10 characters.
    public static func hashPassword(_ password: String) throws -> String {
        guard password.count >= 10 else {
            throw CarnetError.validation([FieldError("password", "must be at least 10 characters")])
        }
        return Bcrypt.hash(password, cost: 12)
    }

    /// Whether a password matches a stored bcrypt hash.
    public static func verify(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }
}

