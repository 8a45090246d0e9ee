@testable import CarnetMail
import CarnetTestSupport
import Foundation
import Logging
import Testing

@Suite("SMTP mail transport against a real SMTP server")
struct SMTPMailTransportTests {
    let login = SMTPCredentials(username: "carnet", password: "s3cret pass")

    func transport(_ settings: SMTPSettings) -> SMTPMailTransport {
        SMTPMailTransport(settings: settings, logger: Logger(label: "carnet.mail.test"), now: { marchThird })
    }

    func richMessage() throws -> MailMessage {
        try frenchMessage {
            $0.cc = [try MailAddress("paul@example.fr")]
            $0.bcc = [try MailAddress("archive@carnet.example")]
            $0.text = "Bonjour Éloïse,\n.\nUne ligne avec un seul point ci-dessus.\n..et deux ici.\n"
            $0.html = "<p>Bonjour</p>\n.\n"
        }
    }

    @Test("a message reaches the server byte for byte, with every recipient in the envelope")
    func plainSend() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let message = try richMessage()

        try await transport(server.settings()).send(message, messageID: "m1@carnet.example")

        let received = try server.receivedMessages()
        try #require(received.count == 1)
        #expect(received[0].mailFrom == "crm@carnet.example")
        #expect(received[0].recipients == ["eloise@example.fr", "paul@example.fr", "archive@carnet.example"])
        #expect(received[0].content == (try message.rendered(date: marchThird, messageID: "m1@carnet.example")))
        #expect(!received[0].tls)
    }

    @Test("AUTH PLAIN over STARTTLS, trusting a private CA through the CA file setting")
    func authPlainOverStartTLS() async throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let certificate = try SelfSignedCertificate(in: temporary.url)
        let server = try await SMTPTestServer.start(certificate: certificate, login: login)
        defer { server.stop() }
        var settings = server.settings(.startTLS)
        settings.credentials = login
        settings.caCertificatePath = certificate.certificatePath

        try await transport(settings).send(try frenchMessage(), messageID: "m2@carnet.example")

        let received = try server.receivedMessages()
        try #require(received.count == 1)
        #expect(received[0].tls)
        #expect(received[0].login == "carnet")
        #expect(received[0].mechanism == "PLAIN")
    }

    @Test("AUTH LOGIN over STARTTLS when the server does not offer PLAIN")
    func authLoginOverStartTLS() async throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let certificate = try SelfSignedCertificate(in: temporary.url)
        let server = try await SMTPTestServer.start(certificate: certificate, login: login, onlyLogin: true)
        defer { server.stop() }
        var settings = server.settings(.startTLS)
        settings.credentials = login
        settings.caCertificatePath = certificate.certificatePath

        try await transport(settings).send(try frenchMessage(), messageID: "m3@carnet.example")

        let received = try server.receivedMessages()
        try #require(received.count == 1)
        #expect(received[0].mechanism == "LOGIN")
        #expect(received[0].login == "carnet")
    }

    @Test("implicit TLS from the first byte")
    func implicitTLS() async throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let certificate = try SelfSignedCertificate(in: temporary.url)
        let server = try await SMTPTestServer.start(certificate: certificate, implicitTLS: true)
        defer { server.stop() }
        var settings = server.settings(.tls)
        settings.caCertificatePath = certificate.certificatePath

        try await transport(settings).send(try frenchMessage(), messageID: "m4@carnet.example")

        let received = try server.receivedMessages()
        try #require(received.count == 1)
        #expect(received[0].tls)
    }

    @Test("a certificate from an unknown CA is a permanent TLS failure")
    func untrustedCertificate() async throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let certificate = try SelfSignedCertificate(in: temporary.url)
        let server = try await SMTPTestServer.start(certificate: certificate)
        defer { server.stop() }

        let error = await sendError(server.settings(.startTLS))

        guard case .tlsFailed = error else {
            Issue.record("expected a TLS failure, got \(String(describing: error))")
            return
        }
        #expect(error?.isTransient == false)
        #expect(try server.receivedMessages().isEmpty)
    }

    @Test("credentials are never sent over an unencrypted connection unless allowed")
    func insecureAuthRefused() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        var settings = server.settings(.none)
        settings.credentials = login

        #expect(await sendError(settings) == .insecureAuthRefused(server: settings.serverLabel))
    }

    @Test("STARTTLS required but not offered stops the send instead of going on in clear text")
    func startTLSMissing() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let settings = server.settings(.startTLS)

        #expect(await sendError(settings) == .startTLSUnavailable(server: settings.serverLabel))
    }

    @Test("a 451 to RCPT TO is a transient error naming the server, the command and the reply")
    func transientRejection() async throws {
        let server = try await SMTPTestServer.start(.rcpt451)
        defer { server.stop() }
        let settings = server.settings()

        let error = try #require(await sendError(settings))

        #expect(error == .serverRejected(
            server: settings.serverLabel, command: "RCPT TO:<eloise@example.fr>",
            code: 451, text: "4.3.0 Mailbox temporarily unavailable"
        ))
        #expect(error.isTransient)
        #expect(error.description.contains("127.0.0.1:\(server.port)"))
    }

    @Test("a 550 to RCPT TO is a permanent error")
    func permanentRejection() async throws {
        let server = try await SMTPTestServer.start(.rcpt550)
        defer { server.stop() }

        let error = try #require(await sendError(server.settings()))

        guard case .serverRejected(_, _, 550, let text) = error else {
            Issue.record("expected a 550 rejection, got \(error)")
            return
        }
        #expect(text.contains("No such user"))
        #expect(!error.isTransient)
    }

    @Test("a connection dropped before the data is acknowledged is transient")
    func closedDuringData() async throws {
        let server = try await SMTPTestServer.start(.closeInData)
        defer { server.stop() }
        let settings = server.settings()

        let error = try #require(await sendError(settings))

        #expect(error == .connectionClosed(server: settings.serverLabel, command: "the message data"))
        #expect(error.isTransient)
    }

    @Test("a refused connection is transient")
    func connectionRefused() async throws {
        let server = try await SMTPTestServer.start(.silent)
        let settings = server.settings()
        server.stop()

        let error = try #require(await sendError(settings))

        guard case .connectionFailed = error else {
            Issue.record("expected a connection failure, got \(error)")
            return
        }
        #expect(error.isTransient)
    }

    @Test("a server that never answers times out within the command timeout")
    func silentServer() async throws {
        let server = try await SMTPTestServer.start(.silent)
        defer { server.stop() }
        var settings = server.settings()
        settings.commandTimeout = .milliseconds(500)
        let clock = ContinuousClock()
        let start = clock.now

        let error = await sendError(settings)

        #expect(error == .timeout(server: settings.serverLabel, command: "the greeting", seconds: 0.5))
        #expect(error?.isTransient == true)
        // Without the timeout the send would wait for ever; the bound leaves room for a loaded machine.
        #expect(clock.now - start < .seconds(15))
    }

    private func sendError(_ settings: SMTPSettings) async -> MailError? {
        do {
            try await transport(settings).send(try frenchMessage(), messageID: "m9@carnet.example")
            return nil
        } catch let error as MailError {
            return error
        } catch {
            Issue.record("not a MailError: \(error)")
            return nil
        }
    }
}
