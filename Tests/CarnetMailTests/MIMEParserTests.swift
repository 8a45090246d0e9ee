import CarnetCore
import CarnetMail
import Foundation
import Testing

@Suite("MIME parser")
struct MIMEParserTests {
    /// A message written with CRLF line ends, as mail servers deliver it.
    static func crlf(_ text: String) -> [UInt8] {
        Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    @Test("folded headers, encoded words in B and Q, UTF-8 and Latin-1, a quoted-printable body")
    func headersAndQuotedPrintable() throws {
        let mail = try MIMEParser.parse(Self.crlf("""
            From: =?ISO-8859-1?Q?=C9lo=EFse_Martin?= <eloise@example.fr>
            To: support@example.com
            Subject: =?UTF-8?B?TGEgY2hhcm5pw6hyZSBlc3QgY2Fzc8OpZQ==?=
             =?UTF-8?Q?_depuis_lundi?=
            Message-ID: <abc.1@mail.example.fr>
            Content-Type: text/plain; charset="UTF-8"
            Content-Transfer-Encoding: quoted-printable

            Bonjour, la charni=C3=A8re est cass=C3=A9e =
            depuis lundi.
            Merci =3D beaucoup
            """))
        #expect(mail.fromAddress == "eloise@example.fr")
        #expect(mail.fromName == "Éloïse Martin")
        #expect(mail.subject == "La charnière est cassée depuis lundi")
        #expect(mail.messageID == "abc.1@mail.example.fr")
        #expect(mail.text == "Bonjour, la charnière est cassée depuis lundi.\nMerci = beaucoup")
        #expect(mail.threadIDs.isEmpty && !mail.automatic)
    }

    @Test("a character split across two encoded words comes out whole; text that only looks encoded stays")
    func splitEncodedWords() throws {
        let mail = try MIMEParser.parse(Array("From: a@example.com\nSubject: =?UTF-8?B?ww==?= =?UTF-8?B?iXTDqQ==?= =?x?\n\nbody".utf8))
        #expect(mail.subject == "Été =?x?")
        #expect(mail.text == "body")
    }

    @Test("multipart/alternative: the text/plain part is taken, Latin-1 quoted-printable")
    func alternative() throws {
        let mail = try MIMEParser.parse(Self.crlf("""
            From: "Martin, Eloise" <eloise@example.fr>
            Subject: Re: [T-2026-00042] Hinge
            In-Reply-To: <job_2@carnet.localhost>
            References: <job_1@carnet.localhost>
             <job_2@carnet.localhost>
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary="b1"

            This is a multi-part message.
            --b1
            Content-Type: text/plain; charset=ISO-8859-1
            Content-Transfer-Encoding: quoted-printable

            Toujours cass=E9e.
            --b1
            Content-Type: text/html; charset=UTF-8

            <p>Toujours cass&eacute;e.</p>
            --b1--
            epilogue
            """))
        #expect(mail.fromName == "Martin, Eloise")
        #expect(mail.text == "Toujours cassée.")
        #expect(mail.threadIDs == ["job_2@carnet.localhost", "job_1@carnet.localhost"])
        #expect(mail.messageID == nil)
    }

    @Test("multipart/mixed with only HTML (base64) and an attachment: the HTML made plain, the attachment skipped")
    func mixedHTML() throws {
        let mail = try MIMEParser.parse(Self.crlf("""
            From: client@example.com
            Subject: Colis
            Content-Type: multipart/mixed; boundary=outer

            --outer
            Content-Type: multipart/alternative; boundary="inner"

            --inner
            Content-Type: text/html; charset=utf-8
            Content-Transfer-Encoding: base64

            PHA+Qm9uam91ciw8YnI+bGUgY29saXMgZXN0IGFycml2w6kgPGI+YWLDrm3DqTwvYj4gJmFtcDsg
            aW5jb21wbGV0LjwvcD48cD5NZXJjaTwvcD4=
            --inner--
            --outer
            Content-Type: text/plain; name="notes.txt"
            Content-Disposition: attachment; filename="notes.txt"

            not the body
            --outer--
            """))
        #expect(mail.text == "Bonjour,\nle colis est arrivé abîmé & incomplet.\nMerci")
    }

    @Test("an attachment before the text does not hide it; an 8-bit Latin-1 body is read as Latin-1")
    func latin1Body() throws {
        var raw = Array("From: client@example.com\nSubject: x\nContent-Type: multipart/mixed; boundary=zz\n\n--zz\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0=\n--zz\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\nR".utf8)
        raw += [0xE9, 0x70, 0x61, 0x72, 0xE9]
        raw += Array("\n--zz--\n".utf8)
        #expect(try MIMEParser.parse(raw).text == "Réparé")
    }

    @Test("Auto-Submitted other than no, and Precedence bulk, junk or list, mark the message automatic", arguments: [
        ("Auto-Submitted: auto-replied", true), ("Auto-Submitted: auto-generated; foo=bar", true), ("Auto-Submitted: no", false),
        ("Precedence: bulk", true), ("Precedence: JUNK", true), ("Precedence: list", true), ("Precedence: first-class", false),
    ])
    func automatic(header: String, automatic: Bool) throws {
        let mail = try MIMEParser.parse(Array("From: a@example.com\nSubject: Out of office\n\(header)\n\nAway.".utf8))
        #expect(mail.automatic == automatic)
    }

    @Test("what is not an e-mail, or has no valid sender, is refused naming the field", arguments: [
        ("hello world, no headers here", "message"), ("Subject: no sender\n\nbody", "from"), ("From: Someone without address\n\nbody", "from"),
        ("\n\njust a body", "message"),
    ])
    func malformed(raw: String, field: String) {
        do {
            _ = try MIMEParser.parse(Array(raw.utf8))
            Issue.record("accepted: \(raw)")
        } catch {
            guard case .validation(let errors) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(errors.map(\.field) == [field])
        }
    }

    @Test("parts nested past the limit are refused, not followed")
    func deepNesting() {
        var raw = "From: a@example.com\nSubject: deep\nContent-Type: multipart/mixed; boundary=b0\n\n"
        for level in 1...12 { raw += "--b\(level - 1)\nContent-Type: multipart/mixed; boundary=b\(level)\n\n" }
        raw += "--b12\nContent-Type: text/plain\n\nhidden\n"
        #expect(throws: CarnetError.self) { try MIMEParser.parse(Array(raw.utf8)) }
    }
}
