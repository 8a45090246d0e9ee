import CarnetTestSupport
import Foundation

/// A `carnet serve` process for one test, on 127.0.0.1, with its output in a log file;
/// stopped by its pid (``kill()`` for a crash, ``stop()`` for a graceful end).
final class CarnetServer: @unchecked Sendable {
    let name: String
    let process: Process
    let logURL: URL

    /// The process id: the job worker's id (`host:pid:random`) contains it.
    var pid: Int32 { process.processIdentifier }

    /// The `carnet` executable `swift build --build-tests` made beside the test bundle
    /// (`CARNET_TEST_BINARY` overrides it).
    static func executable() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["CARNET_TEST_BINARY"] { return URL(fileURLWithPath: path) }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for folder in [beside, beside.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("carnet")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw TestFailure("No carnet executable beside \(beside.path): build it first with `swift build --build-tests` (or set CARNET_TEST_BINARY).")
    }

    private init(name: String, process: Process, logURL: URL) {
        self.name = name
        self.process = process
        self.logURL = logURL
    }

    /// Starts `carnet serve --config <config>` in `folder` and waits until it says it listens.
    static func start(_ name: String, config: URL, folder: URL) async throws -> CarnetServer {
        let logURL = folder.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        let process = Process()
        process.executableURL = try executable()
        process.arguments = ["serve", "--config", config.path]
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(["CARNET_LOG_LEVEL": "warning"]) { _, new in new }
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let server = CarnetServer(name: name, process: process, logURL: logURL)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if server.output.contains("Carnet listening on") { return server }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        server.stop()
        throw TestFailure("carnet serve (\(name)) did not start. Its output:\n\(server.output)")
    }

    /// What the process wrote so far.
    var output: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// SIGKILL: the process dies at once, in the middle of whatever it was doing.
    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(pid, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then waits for the graceful shutdown (SIGKILL after 20 s).
    func stop() {
        guard process.isRunning else { return }
        Foundation.kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        kill()
    }
}
