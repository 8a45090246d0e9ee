import CarnetCore
import CarnetStore
import Foundation
import Synchronization

/// Answers "is this module enabled?" for module routes, from a copy of the `modules`
/// table refreshed every two seconds (so another instance's switch is seen quickly)
/// and at once when this instance switches one.
final class ModuleGate: Sendable {
    private let services: Services
    private let state = Mutex<(enabled: Set<String>, loaded: Date)?>(nil)
    static let refresh: TimeInterval = 2

    init(services: Services) {
        self.services = services
    }

    /// Throws `moduleDisabled` (a 404 naming the module) unless it is enabled.
    func require(_ module: String) async throws {
        guard try await enabled().contains(module) else { throw CarnetError.moduleDisabled(module: module) }
    }

    /// The modules switched on, as last read.
    func enabled() async throws -> Set<String> {
        let now = services.context.clock.now
        if let enabled = state.withLock({ current -> Set<String>? in
            guard let current, now.timeIntervalSince(current.loaded) < Self.refresh, current.loaded <= now else { return nil }
            return current.enabled
        }) {
            return enabled
        }
        let fresh = try await services.database.read { [services] conn in try services.modules.enabled(conn) }
        state.withLock { $0 = (fresh, now) }
        return fresh
    }

    /// Drops the copy so the next request reads the table.
    func forget() {
        state.withLock { $0 = nil }
    }
}
