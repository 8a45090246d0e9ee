import CarnetCore

/// One test file's run: the plugin under test, the administrator the fixtures act as, the
/// clock they move, and the results reported so far.
final class PluginTestSession {
    let host: PluginHost
    let pluginID: String
    let tester: Actor
    let clock: ManualClock
    let file: String
    var results: [PluginTestResult] = []
    /// The last event (`seq`) `fixtures.dispatch()` handed to the after-hooks.
    var dispatchedThrough: Int64 = 0

    init(host: PluginHost, pluginID: String, tester: Actor, clock: ManualClock, file: String) {
        self.host = host
        self.pluginID = pluginID
        self.tester = tester
        self.clock = clock
        self.file = file
    }
}

/// One `test(name, fn)` of a plugin's test file and how it went.
public struct PluginTestResult: Sendable, Equatable {
    /// The test file, relative to the plugin folder (`tests/gate_test.lua`).
    public var file: String
    public var name: String
    public var passed: Bool
    /// Why it failed (`tests/gate_test.lua:12: expected 1, got 2`); empty when it passed.
    public var message: String

    /// `ok file: name` or `FAIL file: name: message`.
    public var line: String {
        passed ? "ok \(file): \(name)" : "FAIL \(file): \(name): \(message)"
    }
}
