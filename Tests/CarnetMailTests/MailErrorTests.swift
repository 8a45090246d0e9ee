import CarnetMail
import Testing

@Suite("Mail error")
struct MailErrorTests {
    @Test("network trouble and 4xx replies are transient", arguments: [
        MailError.connectionFailed(server: "smtp:25", reason: "refused"),
        .connectionClosed(server: "smtp:25", command: "DATA"),
        .timeout(server: "smtp:25", command: "EHLO", seconds: 1),
        .serverRejected(server: "smtp:25", command: "RCPT TO:<a@b.fr>", code: 451, text: "try later"),
        .fileWriteFailed(path: "/x", reason: "disk full"),
    ])
    func transient(error: MailError) {
        #expect(error.isTransient)
    }

    @Test("5xx replies, bad input and configuration errors are permanent", arguments: [
        MailError.serverRejected(server: "smtp:25", command: "RCPT TO:<a@b.fr>", code: 550, text: "no such user"),
        .invalidAddress("x", reason: "no @"),
        .headerInjection(field: "Subject"),
        .tlsFailed(server: "smtp:465", reason: "certificate"),
        .insecureAuthRefused(server: "smtp:25"),
        .authUnavailable(server: "smtp:25", offered: ["CRAM-MD5"]),
        .startTLSUnavailable(server: "smtp:25"),
        .malformedReply(server: "smtp:25", command: "EHLO", line: "hello"),
    ])
    func permanent(error: MailError) {
        #expect(!error.isTransient)
    }

    @Test("a rejection names the server, the command and the server's reply")
    func description() {
        let error = MailError.serverRejected(server: "smtp.example.fr:587", command: "RCPT TO:<a@b.fr>", code: 550, text: "5.1.1 No such user")
        #expect(error.description == "The mail server smtp.example.fr:587 answered RCPT TO:<a@b.fr> with 550 5.1.1 No such user")
    }
}
