import CarnetCore
import CarnetStore
import Foundation
import Logging

/// Runs a plugin's test files (`tests/*.lua`), each against a fresh database the caller
/// provides, with the plugin enabled on it: `carnet plugins test ID`.
///
/// A test file runs as an administrator, "Plugin Tester", in one transaction: its fixtures'
/// writes pass the plugin's before-hooks, `fixtures.dispatch()` hands their events to its
/// after-hooks. It gets the job budget; `test(name, fn)` runs `fn` at once and reports it.
public struct PluginTestRunner: Sendable {
    /// The `[plugins]` settings; the directory holds the plugin under test.
    public var settings: PluginHostSettings
    /// Host functions of the modules (e.g. `crm.tasks`), as the server offers them.
    public var functions: [HostFunction]
    public var logger: Logger

    public init(settings: PluginHostSettings, functions: [HostFunction], logger: Logger) {
        self.settings = settings
        self.functions = functions
        self.logger = logger
    }

    /// Runs one test file (relative to the plugin folder) on `services`, a fresh database on
    /// `clock`. A file that does not load, or fails outside `test(...)`, is one failed result.
    public func run(file: String, plugin id: String, services: Services, clock: ManualClock) async throws -> [PluginTestResult] {
        var settings = self.settings
        settings.enabledAtFirstStart = [id]
        let host = PluginHost(services: services, settings: settings, logger: logger, functions: functions + PluginTestFunctions.all())
        host.install()
        try await host.seed()
        if let problems = try await host.refresh()[id] {
            return [PluginTestResult(file: file, name: "(loading the plugin)", passed: false, message: problems)]
        }
        guard let plugin = host.active(id) else {
            return [PluginTestResult(file: file, name: "(loading the plugin)", passed: false, message: "the plugin is not enabled")]
        }
        let url = settings.directory.appendingPathComponent(id).appendingPathComponent(file)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            return [PluginTestResult(file: file, name: "(reading the file)", passed: false, message: "cannot read \(url.path) as UTF-8 text")]
        }
        let tester = try await services.database.write { conn in
            try services.users.create(email: "plugin-tester@carnet.invalid", name: "Plugin Tester", role: .admin, passwordHash: nil, actor: .system, conn).actor
        }
        let permissions = Set(plugin.manifest.permissions.map(\.rawValue)).union([PluginTestFunctions.permission])
        let identity = ScriptIdentity(pluginID: id, version: plugin.manifest.version, permissions: permissions)
        return try await services.database.write { conn in
            let session = PluginTestSession(host: host, pluginID: id, tester: tester, clock: clock, file: file)
            let context = PluginRunContext(conn: conn, host: host, phase: .test, actor: .exactly(tester))
            context.attachment = session
            let sandbox = host.runtime.makeSandbox(identity: identity)
            do {
                let chunk = try sandbox.load(PluginTestPrelude.source + " " + text, chunkName: file)
                _ = try sandbox.run(chunk, budget: .job, context: context)
            } catch {
                session.results.append(PluginTestResult(file: file, name: "(the file itself)", passed: false, message: "\(error)"))
            }
            if session.results.isEmpty {
                session.results.append(PluginTestResult(file: file, name: "(the file itself)", passed: false, message: "no test(name, fn) in the file"))
            }
            return session.results
        }
    }
}
