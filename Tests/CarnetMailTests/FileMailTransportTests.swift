@testable import CarnetMail
import CarnetTestSupport
import Foundation
import Testing

@Suite("File mail transport")
struct FileMailTransportTests {
    @Test("a message is written as <message id>.eml in a folder created on demand")
    func writesFile() async throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let folder = temporary.url.appendingPathComponent("outbox/dev")
        let transport = FileMailTransport(folder: folder, now: { marchThird })
        let message = try frenchMessage()

        try await transport.send(message, messageID: "<m1@carnet.example>")

        let file = folder.appendingPathComponent("m1@carnet.example.eml")
        #expect(transport.fileURL(forMessageID: "m1@carnet.example") == file)
        let written = Array(try Data(contentsOf: file))
        #expect(written == (try message.rendered(date: marchThird, messageID: "m1@carnet.example")))
    }

    @Test("sending the same message id again replaces the file instead of adding one")
    func overwrites() async throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let transport = FileMailTransport(folder: temporary.url, now: { marchThird })

        try await transport.send(try frenchMessage { $0.subject = "first" }, messageID: "m1@carnet.example")
        try await transport.send(try frenchMessage { $0.subject = "second" }, messageID: "m1@carnet.example")

        let files = try FileManager.default.contentsOfDirectory(atPath: temporary.url.path)
        #expect(files == ["m1@carnet.example.eml"])
        let text = try String(contentsOf: temporary.url.appendingPathComponent(files[0]), encoding: .utf8)
        #expect(text.contains("Subject: second\r\n"))
    }

    @Test("unsafe characters in the id are escaped so different ids never share a file")
    func escapedNames() {
        #expect(FileMailTransport.fileName(forMessageID: "../../etc/passwd@x") == "%2E.%2F..%2Fetc%2Fpasswd@x.eml")
        #expect(FileMailTransport.fileName(forMessageID: "a/b@x") != FileMailTransport.fileName(forMessageID: "a_b@x"))
        #expect(FileMailTransport.fileName(forMessageID: "a%2Fb@x") != FileMailTransport.fileName(forMessageID: "a/b@x"))
    }

    @Test("a message that cannot be rendered leaves no file behind")
    func invalidMessage() async throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let transport = FileMailTransport(folder: temporary.url)

        await #expect(throws: MailError.headerInjection(field: "Subject")) {
            try await transport.send(try frenchMessage { $0.subject = "a\nb" }, messageID: "m1@carnet.example")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.url.path).isEmpty)
    }

    @Test("a folder that cannot be created is a file write failure")
    func unwritableFolder() async throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let blocker = temporary.url.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        let transport = FileMailTransport(folder: blocker.appendingPathComponent("outbox"))

        await #expect {
            try await transport.send(try frenchMessage(), messageID: "m1@carnet.example")
        } throws: { error in
            if case .fileWriteFailed = error as? MailError { true } else { false }
        }
    }
}
