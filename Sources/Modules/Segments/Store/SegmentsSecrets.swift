import CarnetStore
import Foundation

/// The key that signs recipient tokens, made at random the first time one is needed and kept
/// in `segments_secrets`, so links in mail already sent keep working after a restart. Every
/// kind of marketing mail (``TrackedMailKind``) signs with it.
public enum SegmentsSecrets {
    static let tokenKey = "recipient_tokens"

    /// The token signer; creates the key in the caller's transaction when there is none yet.
    public static func tokens(_ conn: any SQLConnection) throws -> RecipientToken {
        if let value = try conn.queryOne("SELECT value FROM segments_secrets WHERE name = ?", [.text(tokenKey)])?.string("value") {
            return RecipientToken(secret: value)
        }
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        try conn.execute("INSERT INTO segments_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", [.text(tokenKey), .text(secret)])
        let stored = try conn.queryOne("SELECT value FROM segments_secrets WHERE name = ?", [.text(tokenKey)])?.string("value") ?? secret
        return RecipientToken(secret: stored)
    }

    /// The signer if the key exists; nil before any campaign mail was made (then no token is valid).
    static func existingTokens(_ conn: any SQLConnection) throws -> RecipientToken? {
        try conn.queryOne("SELECT value FROM segments_secrets WHERE name = ?", [.text(tokenKey)])?.string("value").map(RecipientToken.init(secret:))
    }
}
