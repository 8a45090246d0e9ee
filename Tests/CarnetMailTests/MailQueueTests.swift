import CarnetCore
import CarnetMail
import CarnetStore
import CarnetTestSupport
import Foundation
import Logging
import Testing

@Suite("Mail queue")
struct MailQueueTests {
    static let logger: Logger = {
        var logger = Logger(label: "carnet.tests.mail")
        logger.logLevel = .critical
        return logger
    }()

    func worker(_ services: Services, _ handler: JobHandler) -> JobWorker {
        var settings = JobSettings()
        settings.leaseSeconds = 60
        return JobWorker(database: services.database, queue: services.jobs, handlers: [handler], settings: settings, id: "w1", logger: Self.logger)
    }

    func smtp(port: Int) -> SMTPSettings {
        SMTPSettings(host: "127.0.0.1", port: port, security: .none, connectTimeout: .seconds(2), commandTimeout: .seconds(2))
    }

    func job(_ services: Services, _ id: String) async throws -> Job {
        try await services.database.read { conn in try services.jobs.get(id, conn) }
    }

    @Test("mail queued with a change that rolls back is never sent; queued with one that commits, it is written once", arguments: Backend.available)
    func followsTheTransaction(backend: Backend) async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try await TestDatabase.with(backend) { services async throws in
            let queue = MailQueue(jobs: services.jobs, settings: MailSettings(transport: .file(folder: folder.url.path)))
            let message = try frenchMessage()
            await #expect(throws: CarnetError.self) {
                try await services.database.write { conn in
                    try queue.enqueue(message, conn)
                    throw CarnetError.invalidState("the change failed")
                }
            }
            let queued = try await services.database.write { conn in try queue.enqueue(message, conn) }
            let worker = worker(services, queue.handler(transport: queue.settings.makeTransport(logger: Self.logger)))
            #expect(try await worker.runDue() == 1)
            #expect(try await worker.runDue() == 0)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.url.path)
            #expect(files == ["\(queued.id)@carnet.localhost.eml"])
            #expect(try await job(services, queued.id).status == .done)
        }
    }

    @Test("with the SMTP server down the mail waits, then goes out once when the server is back", arguments: Backend.available)
    func serverDownThenUp(backend: Backend) async throws {
        let probe = try await SMTPTestServer.start()
        let port = probe.port
        probe.stop()
        let clock = ManualClock(marchThird)
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let queue = MailQueue(jobs: services.jobs, settings: MailSettings(transport: .smtp(smtp(port: port))))
            let queued = try await services.database.write { conn in try queue.enqueue(try frenchMessage(), conn) }
            let worker = worker(services, queue.handler(transport: queue.settings.makeTransport(logger: Self.logger)))
            #expect(try await worker.runDue() == 1)
            let waiting = try await job(services, queued.id)
            #expect(waiting.status == .queued && waiting.attempts == 1)
            #expect(waiting.lastError?.contains("127.0.0.1:\(port)") == true)

            let server = try await SMTPTestServer.start(port: port)
            defer { server.stop() }
            clock.advance(by: 3_600)
            #expect(try await worker.runDue() == 1)
            clock.advance(by: 3_600)
            #expect(try await worker.runDue() == 0)
            let received = try server.receivedMessages()
            #expect(received.count == 1)
            #expect(received.first?.recipients == ["eloise@example.fr"])
            #expect(try await job(services, queued.id).status == .done)
        }
    }

    @Test("a permanent refusal (550) dead-letters the mail at once", arguments: Backend.available)
    func permanentRefusal(backend: Backend) async throws {
        let server = try await SMTPTestServer.start(.rcpt550)
        defer { server.stop() }
        let port = server.port
        try await TestDatabase.with(backend) { services async throws in
            let queue = MailQueue(jobs: services.jobs, settings: MailSettings(transport: .smtp(smtp(port: port))))
            let queued = try await services.database.write { conn in try queue.enqueue(try frenchMessage(), conn) }
            #expect(try await worker(services, queue.handler(transport: queue.settings.makeTransport(logger: Self.logger))).runDue() == 1)
            let dead = try await job(services, queued.id)
            #expect(dead.status == .dead && dead.attempts == 1)
            #expect(dead.lastError?.contains("550") == true)
        }
    }
}
