/// A message as the test SMTP server stored it: envelope, login, and the exact data bytes.
struct ReceivedMessage: Decodable {
    var mailFrom: String
    var recipients: [String]
    var login: String?
    var mechanism: String?
    var tls: Bool
    var content: [UInt8] = []

    enum CodingKeys: String, CodingKey {
        case mailFrom = "mail_from"
        case recipients = "rcpt_tos"
        case login, mechanism, tls
    }
}
