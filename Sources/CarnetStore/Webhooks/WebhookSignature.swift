import Crypto
import Foundation

/// The `Carnet-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
///
/// The timestamp is signed with the body, so a receiver that rejects old timestamps is safe
/// from a replay of a captured request.
public enum WebhookSignature {
    public static let header = "Carnet-Signature"

    /// The header's value for `body` sent at `timestamp`.
    public static func value(secret: String, timestamp: Int, body: some DataProtocol) -> String {
        "t=\(timestamp),v1=\(hex(secret: secret, timestamp: timestamp, body: body))"
    }

    /// The hex HMAC-SHA256 of `"<timestamp>.<body>"` keyed with the secret's UTF-8 bytes.
    public static func hex(secret: String, timestamp: Int, body: some DataProtocol) -> String {
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: Data(secret.utf8)))
        hmac.update(data: Data("\(timestamp).".utf8))
        hmac.update(data: body)
        return hmac.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
