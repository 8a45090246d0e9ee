@testable import CarnetMail
import Foundation

/// Tuesday 3 March 2026, 09:05 UTC: the date every rendering test uses.
let marchThird = Date(timeIntervalSince1970: 1_772_528_700)

/// A message from Carnet to Éloïse with a French subject and body.
func frenchMessage(_ configure: (inout MailMessage) throws -> Void = { _ in }) throws -> MailMessage {
    var message = MailMessage(
        from: try MailAddress("crm@carnet.example", name: "Carnet"),
        to: [try MailAddress("eloise@example.fr", name: "Éloïse Müller")],
        subject: "Votre rendez-vous",
        text: "Bonjour Éloïse,\nÀ demain.\n"
    )
    try configure(&message)
    return message
}

extension MailMessage {
    /// The rendering as text, for assertions.
    func renderedText(messageID: String = "m1@carnet.example") throws -> String {
        String(decoding: try rendered(date: marchThird, messageID: messageID), as: UTF8.self)
    }
}

extension String {
    /// The header block of a rendered message, up to the blank line.
    var headerBlock: String {
        components(separatedBy: "\r\n\r\n").first ?? ""
    }
}
