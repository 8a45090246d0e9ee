import CarnetMail
import CarnetTestSupport
import Foundation

/// A real aiosmtpd server on 127.0.0.1, started for one test and stopped by its pid.
///
/// Always pair ``start(_:certificate:implicitTLS:login:onlyLogin:port:)`` with `defer { server.stop() }`;
/// should the test process die anyway, the script exits with its parent.
final class SMTPTestServer {
    /// What the server does with a message; see `Fixtures/smtp_server.py`.
    enum Mode: String {
        case accept
        case rcpt451 = "rcpt-451"
        case rcpt550 = "rcpt-550"
        case closeInData = "close-in-data"
        case silent
    }

    let port: Int
    private let process: Process
    private let folder: TemporaryDirectory

    private init(port: Int, process: Process, folder: TemporaryDirectory) {
        self.port = port
        self.process = process
        self.folder = folder
    }

    static func start(
        _ mode: Mode = .accept,
        certificate: SelfSignedCertificate? = nil,
        implicitTLS: Bool = false,
        login: SMTPCredentials? = nil,
        onlyLogin: Bool = false,
        port: Int? = nil
    ) async throws -> SMTPTestServer {
        let python = try TestPython.executable()
        let folder = try TemporaryDirectory()
        var arguments = [RepositoryPaths.smtpServerScript.path, folder.url.path, "--mode", mode.rawValue]
        if let certificate {
            arguments += ["--cert", certificate.certificatePath, "--key", certificate.keyPath]
        }
        if implicitTLS {
            arguments.append("--implicit-tls")
        }
        if let login {
            arguments += ["--auth", "\(login.username):\(login.password)"]
        }
        if onlyLogin {
            arguments.append("--only-login")
        }
        if let port {
            arguments += ["--port", String(port)]
        }
        let logURL = folder.url.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        process.standardOutput = log
        process.standardError = log
        try process.run()

        let portFile = folder.url.appendingPathComponent("port")
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let port = Int(text) {
                return SMTPTestServer(port: port, process: process, folder: folder)
            }
            if !process.isRunning {
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        let output = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        folder.remove()
        throw TestFailure("The test SMTP server did not start. Its output:\n\(output)")
    }

    /// Settings pointing at this server, with a short timeout so failing tests fail fast.
    func settings(_ security: SMTPSecurity = .none) -> SMTPSettings {
        SMTPSettings(
            host: "127.0.0.1",
            port: port,
            security: security,
            heloName: "carnet.test",
            connectTimeout: .seconds(5),
            commandTimeout: .seconds(10)
        )
    }

    /// The messages stored so far, in arrival order.
    func receivedMessages() throws -> [ReceivedMessage] {
        var messages: [ReceivedMessage] = []
        var number = 1
        while true {
            let meta = folder.url.appendingPathComponent("\(number).json")
            guard let json = try? Data(contentsOf: meta) else {
                return messages
            }
            var message = try JSONDecoder().decode(ReceivedMessage.self, from: json)
            message.content = Array(try Data(contentsOf: folder.url.appendingPathComponent("\(number).eml")))
            messages.append(message)
            number += 1
        }
    }

    /// Stops the server by its pid, waits for it to exit and removes its folder.
    ///
    /// SIGTERM first; SIGKILL if it is still there after five seconds.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
        }
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline {
            usleep(20_000)
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        folder.remove()
    }
}
