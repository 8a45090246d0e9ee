@testable import CarnetMail
import Testing

@Suite("SMTP data")
struct SMTPDataTests {
    @Test("lines starting with a dot get a second dot, and the terminator follows")
    func dotStuffing() {
        let message = Array(".first\r\nmiddle\r\n.\r\n..two\r\nlast.\r\n".utf8)
        let payload = String(decoding: SMTPData.payload(message), as: UTF8.self)
        #expect(payload == "..first\r\nmiddle\r\n..\r\n...two\r\nlast.\r\n.\r\n")
    }

    @Test("a message without a final line end still gets its terminator on a line of its own")
    func missingFinalCRLF() {
        #expect(String(decoding: SMTPData.payload(Array("abc".utf8)), as: UTF8.self) == "abc\r\n.\r\n")
    }
}
