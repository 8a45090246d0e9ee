import CarnetCore
import CarnetStore
import Foundation
import HummingbirdBcrypt

/// How Carnet makes and checks secrets: API tokens (random, stored as SHA-256) and passwords (bcrypt).
public enum Credentials {
    /// A new API token: `crn_` then 43 base64url characters (256 random bits).
    public static func newToken() -> String {
        SecretToken.make(prefix: "crn_")
    }

    /// The hash stored for a token (SHA-256 hex).
    public static func tokenHash(_ token: String) -> String {
        SecretToken.hash(token)
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

