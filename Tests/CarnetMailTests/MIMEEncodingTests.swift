@testable import CarnetMail
import Testing

@Suite("MIME encoding")
struct MIMEEncodingTests {
    @Test("French text becomes quoted-printable UTF-8 with CRLF line ends")
    func frenchQuotedPrintable() {
        let encoded = MIMEEncoding.quotedPrintable("Bonjour Éloïse,\nÀ bientôt !")
        #expect(encoded == "Bonjour =C3=89lo=C3=AFse,\r\n=C3=80 bient=C3=B4t !")
    }

    @Test("equals signs and whitespace at line ends are escaped")
    func escapes() {
        #expect(MIMEEncoding.quotedPrintable("1+1=2") == "1+1=3D2")
        #expect(MIMEEncoding.quotedPrintable("fin \nsuite\t") == "fin=20\r\nsuite=09")
    }

    @Test("long lines get soft breaks, stay within 76 characters and decode back")
    func softBreaks() {
        let text = String(repeating: "Réunion à l'hôtel de ville, ", count: 12) + "\n" + String(repeating: "x", count: 300)
        let encoded = MIMEEncoding.quotedPrintable(text)
        let lines = encoded.split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(lines.count > 6)
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(MIMEDecoding.quotedPrintable(encoded) == text.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test("CR, LF and CRLF line ends all become CRLF")
    func lineEnds() {
        #expect(MIMEEncoding.quotedPrintable("a\rb\nc\r\nd") == "a\r\nb\r\nc\r\nd")
    }

    @Test("encoded-words stay within 66 characters, never split a character, and decode back")
    func encodedWords() {
        let subject = "Relance : proposition commerciale pour Éloïse Müller — société Œuvres & Cie, 3ᵉ trimestre 👩‍💼"
        let words = MIMEEncoding.encodedWords(subject)
        #expect(words.count > 2)
        #expect(words.allSatisfy { $0.count <= 66 && $0.hasPrefix("=?UTF-8?Q?") && $0.hasSuffix("?=") })
        #expect(MIMEDecoding.encodedWords(words.joined(separator: " ")) == subject)
    }

    @Test("text needs encoded-words when it is not ASCII or looks like an encoded-word")
    func needsEncoding() {
        #expect(!MIMEEncoding.needsEncodedWords("Hello, world"))
        #expect(MIMEEncoding.needsEncodedWords("Déjà"))
        #expect(MIMEEncoding.needsEncodedWords("=?UTF-8?Q?x?="))
    }
}
