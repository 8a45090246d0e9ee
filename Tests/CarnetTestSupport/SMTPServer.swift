import CarnetMail
import Foundation

/// The mail tests' real aiosmtpd server (`Tests/CarnetMailTests/Fixtures/smtp_server.py`) on
/// 127.0.0.1, accepting every message; started for one test and stopped by its pid.
///
/// Pair ``start()`` with `defer { server.stop() }`. The Python is `CARNET_TEST_PYTHON`, else the
/// repository's `.build/venv`; a missing one is a failure, never a skip. Unchecked `Sendable`:
/// every stored property is a constant, and tests read the received mail from its folder.
public final class SMTPServer: @unchecked Sendable {
    public let port: Int
    private let process: Process
    private let folder: TemporaryDirectory

    private init(port: Int, process: Process, folder: TemporaryDirectory) {
        self.port = port
        self.process = process
        self.folder = folder
    }

    static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func start() async throws -> SMTPServer {
        let python = ProcessInfo.processInfo.environment["CARNET_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? root.appendingPathComponent(".build/venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw TestFailure("No Python at \(python). Run `bash scripts/venv.sh`, or set CARNET_TEST_PYTHON to a Python that has aiosmtpd.")
        }
        let folder = try TemporaryDirectory()
        let log = folder.url.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [root.appendingPathComponent("Tests/CarnetMailTests/Fixtures/smtp_server.py").path, folder.url.path, "--mode", "accept"]
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline, process.isRunning {
            if let text = try? String(contentsOf: folder.url.appendingPathComponent("port"), encoding: .utf8), let port = Int(text) {
                return SMTPServer(port: port, process: process, folder: folder)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        folder.remove()
        throw TestFailure("The test SMTP server did not start. Its output:\n\(output)")
    }

    /// Mail settings pointing at this server.
    public var mail: MailSettings {
        MailSettings(transport: .smtp(SMTPSettings(host: "127.0.0.1", port: port, security: .none, heloName: "carnet.test",
                                                   connectTimeout: .seconds(5), commandTimeout: .seconds(10))),
                     from: (try? MailAddress("news@carnet.example", name: "Carnet news")) ?? MailSettings.defaultSender)
    }

    /// The messages received so far, in arrival order: envelope recipients and raw text.
    public func received() throws -> [(recipients: [String], text: String)] {
        var messages: [(recipients: [String], text: String)] = []
        var number = 1
        while let json = try? Data(contentsOf: folder.url.appendingPathComponent("\(number).json")) {
            let meta = try JSONDecoder().decode(Meta.self, from: json)
            let raw = try Data(contentsOf: folder.url.appendingPathComponent("\(number).eml"))
            messages.append((meta.rcpt_tos, String(decoding: raw, as: UTF8.self)))
            number += 1
        }
        return messages
    }

    private struct Meta: Decodable {
        var rcpt_tos: [String]
    }

    /// Stops the server by its pid (SIGTERM, then SIGKILL after five seconds) and removes its folder.
    public func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        folder.remove()
    }
}

/// Quoted-printable text decoded (soft line breaks removed, `=XX` bytes restored), for looking into bodies.
public func quotedPrintableDecoded(_ text: String) -> String {
    let bytes = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
    var output: [UInt8] = []
    var index = 0
    while index < bytes.count {
        if bytes[index] == UInt8(ascii: "="), index + 2 < bytes.count, let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
            output.append(value)
            index += 3
        } else {
            output.append(bytes[index])
            index += 1
        }
    }
    return String(decoding: output, as: UTF8.self)
}
