import CarnetCore
import CarnetScripting
import CarnetStore
import CarnetTestSupport
import Foundation
import Logging

/// A plugin host over a fresh database, with the plugins written to a folder of their own.
struct PluginWorld: Sendable {
    let services: Services
    let host: PluginHost
    let directory: URL
    let clock: ManualClock

    static let logger: Logger = {
        var logger = Logger(label: "carnet.plugin-tests")
        logger.logLevel = .critical
        return logger
    }()

    /// Runs `body` with the plugins written, enabled and loaded, and the host installed.
    static func with(_ backend: Backend, _ plugins: [PluginSource], settings: [String: [String: LuaValue]] = [:],
                     _ body: @Sendable (PluginWorld) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-plugins-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for plugin in plugins { try plugin.write(to: directory) }
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services in
            let host = PluginHost(services: services, settings: PluginHostSettings(directory: directory, settings: settings), logger: logger)
            host.install()
            let world = PluginWorld(services: services, host: host, directory: directory, clock: clock)
            for plugin in plugins { try await world.setEnabled(plugin.id, true) }
            try await host.refresh()
            try await body(world)
        }
    }

    func setEnabled(_ id: String, _ enabled: Bool) async throws {
        let now = clock.now
        try await services.database.write { conn in try PluginStates.setEnabled(id, enabled, at: now, conn) }
    }

    // MARK: - Records, through the services as the API would write them

    func write<T: Sendable>(_ body: @escaping @Sendable (Services, any SQLConnection) throws -> T) async throws -> T {
        let services = self.services
        return try await services.database.write { conn in try body(services, conn) }
    }

    static func patch<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try CarnetJSON.decoder.decode(T.self, from: Data(json.utf8))
    }

    func contact(_ json: String = #"{"first_name":"Ana","last_name":"Lima"}"#, by actor: Actor = .system) async throws -> Contact {
        let patch = try Self.patch(ContactPatch.self, json)
        return try await write { services, conn in try services.contacts.create(patch, actor: actor, conn) }
    }

    func deal(contactID: String, _ extra: String = "", by actor: Actor = .system) async throws -> Deal {
        let patch = try Self.patch(DealPatch.self, #"{"title":"Roll-out","contact_id":"\#(contactID)"\#(extra)}"#)
        return try await write { services, conn in try services.deals.create(patch, actor: actor, conn) }
    }

    func updateDeal(_ id: String, _ json: String, by actor: Actor = .system) async throws -> Deal {
        let patch = try Self.patch(DealPatch.self, json)
        return try await write { services, conn in try services.deals.update(id, patch, expectedVersion: nil, actor: actor, conn) }
    }

    func count(_ table: String, where condition: String = "1 = 1") async throws -> Int {
        try await services.database.read { conn in
            Int(try conn.queryOne("SELECT COUNT(*) AS n FROM \(table) WHERE \(condition)", [])?.int64("n") ?? 0)
        }
    }

    /// The plugin's recorded runs, newest first (after writing the buffered ones).
    func runs(_ id: String) async throws -> [PluginRun] {
        try await host.runs.flush(services.database)
        return try await services.database.read { conn in try PluginRunLog.list(pluginID: id, limit: 200, cursor: nil, conn).items }
    }

    /// Turns the events written so far into jobs and runs every due job once, as the server would.
    func dispatchAndWork() async throws {
        let dispatcher = OutboxDispatcher(queue: services.jobs, subscribers: [host.subscriber])
        while try await services.database.write({ conn in try dispatcher.dispatch(limit: 100, conn) }) > 0 {}
        let worker = JobWorker(database: services.database, queue: services.jobs, handlers: [host.subscriber.jobHandler, host.hookJobHandler, host.scheduledJobHandler],
                               settings: JobSettings(), logger: Self.logger)
        while try await worker.runDue() > 0 {}
    }
}
