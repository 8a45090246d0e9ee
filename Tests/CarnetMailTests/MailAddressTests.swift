@testable import CarnetMail
import Testing

@Suite("Mail address")
struct MailAddressTests {
    @Test("a French display name is written as a UTF-8 encoded-word")
    func frenchName() throws {
        let address = try MailAddress("eloise@example.fr", name: "Éloïse Müller")
        #expect(address.description == "=?UTF-8?Q?=C3=89lo=C3=AFse_M=C3=BCller?= <eloise@example.fr>")
    }

    @Test("an ASCII display name is quoted, its quotes and backslashes escaped")
    func quotedName() throws {
        #expect(try MailAddress("a@b.fr", name: "Jean Dupont").description == "\"Jean Dupont\" <a@b.fr>")
        #expect(try MailAddress("a@b.fr", name: "Le \"Boss\" \\o/").description == "\"Le \\\"Boss\\\" \\\\o/\" <a@b.fr>")
    }

    @Test("an address without a name is written bare")
    func bare() throws {
        #expect(try MailAddress("a@b.fr").description == "a@b.fr")
        #expect(try MailAddress("a@b.fr", name: "").description == "a@b.fr")
    }

    @Test("ordinary addresses are accepted", arguments: [
        "a@b.fr", "jean-luc.picard+crm@starfleet.example", "postmaster@localhost", "x_y@sub.domain-1.example",
    ])
    func accepted(address: String) throws {
        #expect(try MailAddress(address).address == address)
    }

    @Test("malformed addresses are refused with invalidAddress", arguments: [
        "", "plain", "a@", "@b.fr", "a@b@c.fr", "a b@c.fr", "é@x.fr", "a@-x.fr", "a@x..fr", "<a@b.fr>", "a@b.fr,c@d.fr",
    ])
    func refused(address: String) {
        #expect {
            try MailAddress(address)
        } throws: { error in
            if case .invalidAddress = error as? MailError { true } else { false }
        }
    }

    @Test("a line break in a name or an address is refused as header injection")
    func injection() {
        #expect(throws: MailError.headerInjection(field: "display name")) {
            try MailAddress("a@b.fr", name: "Eve\r\nBcc: victim@example.com")
        }
        #expect(throws: MailError.headerInjection(field: "address")) {
            try MailAddress("a@b.fr\nBcc: victim@example.com")
        }
    }
}
