import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

/// `carnet serve` as a user runs it, killed with SIGKILL while its job worker holds a batch.
///
/// The work: contacts committed while no server ran, and an enabled plugin whose after-hook on
/// `contact.created` logs one note per contact. Each contact's event becomes an
/// `event:plugins` job, which queues a `plugin.hook` job, whose run writes the note and
/// marks itself done in one transaction. Exactly one note per contact proves that no job was
/// lost and none applied twice; on PostgreSQL two servers share the queue while one is killed.
@Suite("carnet serve: jobs across a crash and two instances")
struct ServeCrashTests {
    static let contacts = 1_000

    static let plugin = """
        id = "stamp"
        version = "1.0.0"
        description = "Logs a note on each new contact."
        api = "1"
        permissions = ["write:activities"]

        [hooks]
        "contact.created" = "stamp"
        """

    /// The hook also spins a few milliseconds, so that a batch of jobs is held long enough
    /// for the test to see it and kill the server while it runs.
    static let main = """
        function stamp(event)
          local spin = 0
          for i = 1, 300000 do spin = spin + i end
          crm.activities.log({ kind = "note", contact_id = event.entity_id, subject = "stamp", body = event.id .. " " .. (spin % 7) })
        end
        """

    static func config(url: String, port: Int, folder: URL) -> String {
        """
        [server]
        host = "127.0.0.1"
        port = \(port)

        [database]
        url = "\(url)"
        pool_size = 4

        [jobs]
        poll_interval_ms = 20
        batch_size = 20
        lease_seconds = 5

        [webhooks]
        timeout_seconds = 1

        [plugins]
        directory = "\(folder.appendingPathComponent("plugins").path)"
        enabled = ["stamp"]
        """
    }

    @Test("a server killed in the middle of a job batch and restarted loses no job and runs none twice; on PostgreSQL beside a second server",
          arguments: Backend.available)
    func killMidBatch(backend: Backend) async throws {
        try await TestDatabase.withServerDatabase(backend) { services, url in
            let folder = try TemporaryDirectory()
            defer { folder.remove() }
            let pluginFolder = folder.url.appendingPathComponent("plugins/stamp")
            try FileManager.default.createDirectory(at: pluginFolder, withIntermediateDirectories: true)
            try Data(Self.plugin.utf8).write(to: pluginFolder.appendingPathComponent("plugin.toml"))
            try Data(Self.main.utf8).write(to: pluginFolder.appendingPathComponent("main.lua"))
            try await services.database.write { conn in
                for number in 0..<Self.contacts {
                    var patch = ContactPatch()
                    patch.lastName = "Crash \(number)"
                    _ = try services.contacts.create(patch, actor: .system, conn)
                }
            }
            let instances = backend == .postgres ? 2 : 1
            var configs: [URL] = []
            for index in 0..<instances {
                let config = folder.url.appendingPathComponent("carnet-\(index).toml")
                try Data(Self.config(url: url, port: try FreePort.next(), folder: folder.url).utf8).write(to: config)
                configs.append(config)
            }
            let servers = ServerSet()
            defer { servers.stopAll() }
            for (index, config) in configs.enumerated() {
                servers.add(try await CarnetServer.start("instance-\(index)", config: config, folder: folder.url))
            }
            let probe = JobProbe(database: services.database)

            // Kill the first instance while it holds a batch: after its death, the jobs still
            // leased to it are the ones it claimed and never finished.
            var interrupted: [String] = []
            var sharedBeforeCrash = false
            for _ in 0..<10 where interrupted.isEmpty {
                let victim = servers.first
                let others = servers.all.dropFirst().map(\.pid)
                // Every instance, the victim too, has finished jobs: the kill then lands on shared work.
                try await eventually("instance \(victim.pid) holds a batch; its output: \(victim.output)", timeout: .seconds(60)) {
                    let holding = try await probe.running(by: victim.pid) > 0
                    let allWorked = try await probe.done(byAll: servers.all.map(\.pid))
                    return holding && (others.isEmpty || allWorked)
                }
                sharedBeforeCrash = try await probe.done(byAll: servers.all.map(\.pid))
                victim.kill()
                interrupted = try await probe.runningIDs(by: victim.pid)
                servers.replaceFirst(try await CarnetServer.start("instance-0", config: configs[0], folder: folder.url))
            }
            #expect(!interrupted.isEmpty, "the kill never landed while a batch was held")
            if instances > 1 { #expect(sharedBeforeCrash, "both instances should have finished jobs before the crash") }

            try await eventually("every hook job done", timeout: .seconds(120)) {
                let done = try await probe.count("kind = 'plugin.hook' AND status = 'done'")
                let waiting = try await probe.count("status IN ('queued', 'running') AND kind IN ('plugin.hook', 'event:plugins')")
                return done == Self.contacts && waiting == 0
            }
            #expect(try await probe.count("status = 'dead'") == 0)
            let notes = try await services.database.read { conn in
                try conn.query("SELECT contact_id, COUNT(*) AS n FROM activities WHERE subject = 'stamp' GROUP BY contact_id", [])
            }
            #expect(notes.count == Self.contacts, "every contact has its note")
            #expect(notes.filter { $0.int("n") != 1 }.isEmpty, "no contact has two notes")
            let rerun = try await probe.attempts(of: interrupted)
            #expect(rerun.count == interrupted.count && rerun.allSatisfy { $0.status == "done" && $0.attempts >= 2 },
                    "the interrupted jobs ran again and finished: \(rerun)")
            for server in servers.all { #expect(!server.output.contains("Fatal error"), "\(server.output)") }
        }
    }
}

/// The servers of a test, stopped together at its end.
final class ServerSet: @unchecked Sendable {
    private let lock = NSLock()
    private var servers: [CarnetServer] = []

    var all: [CarnetServer] { lock.withLock { servers } }
    var first: CarnetServer { lock.withLock { servers[0] } }

    func add(_ server: CarnetServer) { lock.withLock { servers.append(server) } }

    /// Puts a restarted first instance in the place of the killed one.
    func replaceFirst(_ server: CarnetServer) { lock.withLock { servers[0] = server } }

    func stopAll() { for server in all { server.stop() } }
}

/// Reads the job queue of the servers' database.
struct JobProbe: Sendable {
    let database: any Database

    func count(_ condition: String) async throws -> Int {
        try await database.read { conn in try conn.queryOne("SELECT COUNT(*) AS n FROM jobs WHERE \(condition)", [])?.int("n") ?? 0 }
    }

    /// Jobs leased to the worker of process `pid` and not finished.
    func running(by pid: Int32) async throws -> Int {
        try await runningIDs(by: pid).count
    }

    func runningIDs(by pid: Int32) async throws -> [String] {
        try await database.read { conn in
            try conn.query("SELECT id FROM jobs WHERE status = 'running' AND lease_owner LIKE ?", [.text("%:\(pid):%")]).compactMap { $0.string("id") }
        }
    }

    /// Whether the worker of each of `pids` has finished a job.
    func done(byAll pids: [Int32]) async throws -> Bool {
        for pid in pids {
            guard try await count("status = 'done' AND lease_owner LIKE '%:\(pid):%'") > 0 else { return false }
        }
        return true
    }

    func attempts(of ids: [String]) async throws -> [(status: String, attempts: Int)] {
        guard !ids.isEmpty else { return [] }
        return try await database.read { conn in
            try conn.query("SELECT status, attempts FROM jobs WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))", ids.map { .text($0) })
                .map { ($0.string("status") ?? "", $0.int("attempts") ?? 0) }
        }
    }
}

/// Polls `condition` every 20 ms until it holds; fails the test with `what` after `timeout`.
func eventually(_ what: @autoclosure () -> String, timeout: Duration, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw TestFailure("timed out after \(timeout) waiting until \(what())")
}
