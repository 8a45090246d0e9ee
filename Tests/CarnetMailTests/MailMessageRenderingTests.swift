@testable import CarnetMail
import Foundation
import Testing

@Suite("Mail message rendering")
struct MailMessageRenderingTests {
    @Test("a text message renders with the standard headers and a quoted-printable body")
    func plainText() throws {
        let expected = """
            Date: Tue, 03 Mar 2026 09:05:00 +0000\r
            From: "Carnet" <crm@carnet.example>\r
            To: =?UTF-8?Q?=C3=89lo=C3=AFse_M=C3=BCller?= <eloise@example.fr>\r
            Subject: Votre rendez-vous\r
            Message-ID: <m1@carnet.example>\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            Bonjour =C3=89lo=C3=AFse,\r
            =C3=80 demain.\r

            """
        #expect(try frenchMessage().renderedText() == expected)
    }

    @Test("cc, reply-to and extra headers are written; bcc never is")
    func optionalHeaders() throws {
        let message = try frenchMessage {
            $0.cc = [try MailAddress("paul@example.fr"), try MailAddress("anne@example.fr", name: "Anne")]
            $0.bcc = [try MailAddress("archive@carnet.example")]
            $0.replyTo = try MailAddress("ventes@carnet.example")
            $0.headers = [MailHeader("In-Reply-To", "<m0@carnet.example>"), MailHeader("References", "<m0@carnet.example>")]
        }
        let headers = try message.renderedText().headerBlock
        #expect(headers.contains("\r\nCc: paul@example.fr, \"Anne\" <anne@example.fr>\r\n"))
        #expect(headers.contains("\r\nReply-To: ventes@carnet.example\r\n"))
        #expect(headers.contains("\r\nIn-Reply-To: <m0@carnet.example>\r\nReferences: <m0@carnet.example>\r\n"))
        #expect(!headers.lowercased().contains("bcc"))
        #expect(!headers.contains("archive@carnet.example"))
        #expect(message.recipients.map(\.address) == ["eloise@example.fr", "paul@example.fr", "anne@example.fr", "archive@carnet.example"])
    }

    @Test("an address in both to and bcc is an envelope recipient once")
    func deduplicatedRecipients() throws {
        let message = try frenchMessage { $0.bcc = [try MailAddress("Eloise@Example.fr")] }
        #expect(message.recipients.count == 1)
    }

    @Test("a non-ASCII subject is written as encoded-words folded within 78 characters")
    func frenchSubject() throws {
        let subject = "Relance : votre devis pour la rénovation de l'entrepôt de Saint-Étienne, à signer avant vendredi"
        let text = try frenchMessage { $0.subject = subject }.renderedText()
        let headers = text.headerBlock
        let start = try #require(headers.range(of: "Subject: "))
        let end = try #require(headers.range(of: "\r\nMessage-ID:"))
        let value = String(headers[start.upperBound..<end.lowerBound])
        #expect(value.contains("\r\n "))
        #expect(MIMEDecoding.encodedWords(value) == subject)
        #expect(headers.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
    }

    @Test("a long ASCII subject is folded at spaces and unfolds to the original")
    func longASCIISubject() throws {
        let subject = (1...30).map { "word\($0)" }.joined(separator: " ")
        let headers = try frenchMessage { $0.subject = subject }.renderedText().headerBlock
        #expect(headers.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
        #expect(headers.replacingOccurrences(of: "\r\n ", with: " ").contains("Subject: \(subject)\r\n"))
    }

    @Test("an HTML body makes a multipart/alternative message with both parts quoted-printable")
    func multipart() throws {
        let text = try frenchMessage { $0.html = "<p>Bonjour <b>Éloïse</b>,</p>" }.renderedText()
        let boundary = MailMessage.alternativeBoundary
        #expect(text.headerBlock.contains("Content-Type: multipart/alternative; boundary=\"\(boundary)\""))
        let parts = text.components(separatedBy: "--\(boundary)")
        #expect(parts.count == 4)
        #expect(parts[1].hasPrefix("\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"))
        #expect(parts[2].hasPrefix("\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"))
        #expect(parts[2].contains("<p>Bonjour <b>=C3=89lo=C3=AFse</b>,</p>"))
        #expect(parts[3] == "--\r\n")
    }

    @Test("every line ends with CRLF whatever line ends the body used")
    func crlfOnly() throws {
        let bytes = try frenchMessage { $0.text = "un\ndeux\r\ntrois\rquatre" }.rendered(date: marchThird, messageID: "m@x")
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A {
                #expect(index > 0 && bytes[index - 1] == 0x0D)
            }
            if byte == 0x0D {
                #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A)
            }
        }
    }

    @Test("a line break in the subject is refused")
    func subjectInjection() throws {
        let message = try frenchMessage { $0.subject = "Bonjour\r\nBcc: victim@example.com" }
        #expect(throws: MailError.headerInjection(field: "Subject")) {
            try message.rendered(date: marchThird, messageID: "m@x")
        }
    }

    @Test("a line break in an extra header value is refused")
    func extraHeaderInjection() throws {
        let message = try frenchMessage { $0.headers = [MailHeader("References", "<a@b>\nBcc: victim@example.com")] }
        #expect(throws: MailError.headerInjection(field: "References")) {
            try message.rendered(date: marchThird, messageID: "m@x")
        }
    }

    @Test("a line break in the message id is refused")
    func messageIDInjection() throws {
        #expect(throws: MailError.headerInjection(field: "Message-ID")) {
            try frenchMessage().rendered(date: marchThird, messageID: "m@x\r\nBcc: victim@example.com")
        }
    }

    @Test("extra headers cannot replace the ones the renderer writes, nor have odd names")
    func reservedHeaders() throws {
        #expect(throws: MailError.reservedHeader("bcc")) {
            try frenchMessage { $0.headers = [MailHeader("bcc", "x@y.fr")] }.rendered(date: marchThird, messageID: "m@x")
        }
        #expect(throws: MailError.invalidHeaderName("X Bad:")) {
            try frenchMessage { $0.headers = [MailHeader("X Bad:", "v")] }.rendered(date: marchThird, messageID: "m@x")
        }
    }

    @Test("the message id is accepted with or without angle brackets, and must be left@right")
    func messageIDs() throws {
        #expect(try frenchMessage().renderedText(messageID: "<abc@carnet>").contains("\r\nMessage-ID: <abc@carnet>\r\n"))
        for bad in ["", "no-at-sign", "two@@x", "with space@x", "<>"] {
            #expect(throws: MailError.invalidMessageID(bad)) {
                try frenchMessage().rendered(date: marchThird, messageID: bad)
            }
        }
    }

    @Test("a message needs at least one To recipient")
    func noRecipients() throws {
        #expect(throws: MailError.noRecipients) {
            try frenchMessage { $0.to = [] }.rendered(date: marchThird, messageID: "m@x")
        }
    }

    @Test("the Date header is in UTC whatever the time zone of the process")
    func dateHeader() {
        #expect(RFC5322Date.string(from: Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(RFC5322Date.string(from: marchThird) == "Tue, 03 Mar 2026 09:05:00 +0000")
    }
}
