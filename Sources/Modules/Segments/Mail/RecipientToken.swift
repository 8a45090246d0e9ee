import Crypto
import Foundation

/// The signed token in a recipient's unsubscribe, open and click addresses: `<recipient id>.<signature>`.
///
/// The signature is an HMAC-SHA256 of the recipient id under the module's key (kept in
/// `segments_secrets`, made on first use), cut to 128 bits and written in hex. Nothing else
/// is in the token: the recipient row says which campaign and contact it is about.
public struct RecipientToken: Sendable {
    let secret: Data

    public init(secret: String) {
        self.secret = Data(secret.utf8)
    }

    /// The token of a recipient.
    public func make(_ recipientID: String) -> String {
        "\(recipientID).\(signature(recipientID))"
    }

    /// The recipient id a token carries, or nil when it was not signed with this key.
    public func recipient(_ token: String) -> String? {
        guard token.utf8.count <= 200, let dot = token.lastIndex(of: ".") else { return nil }
        let id = String(token[..<dot])
        let given = Data(token[token.index(after: dot)...].utf8)
        let expected = Data(signature(id).utf8)
        // Compared in constant time, so the signature cannot be guessed byte by byte.
        guard !id.isEmpty, given.count == expected.count, zip(given, expected).reduce(UInt8(0), { $0 | ($1.0 ^ $1.1) }) == 0 else { return nil }
        return id
    }

    private func signature(_ id: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(id.utf8), using: SymmetricKey(data: secret))
        return Data(mac).prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
