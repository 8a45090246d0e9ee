import CLuaShim
import Foundation

/// The runtime's watchdog thread.
///
/// Every tick it checks the wall and CPU time of each active run (`carnet_watch`); once
/// a budget is spent it arms the budget hook on every Lua thread of that run, which
/// then stops at its next instruction. A healthy run is never hooked, so it pays
/// nothing for the watch. After a second without runs the thread parks until the next
/// run begins; while runs keep coming, beginning one does not wake it (a wake-up per
/// run cost more than the rest of a short run's dispatch).
final class LuaWatchdog: Sendable {
    private let shared: Shared

    init(tick: Duration) {
        shared = Shared(tick: TimeInterval(tick.nanoseconds) / 1e9)
        let shared = self.shared
        Thread {
            carnet_name_current_thread("lua-watchdog")
            shared.loop()
        }.start()
    }

    /// Starts watching a state whose run has begun.
    func watch(_ state: OpaquePointer) {
        shared.condition.lock()
        shared.active.append(state)
        if shared.parked { shared.condition.signal() }
        shared.condition.unlock()
    }

    /// Stops watching; when this returns the watchdog no longer touches the state.
    func unwatch(_ state: OpaquePointer) {
        shared.condition.lock()
        if let index = shared.active.firstIndex(of: state) { shared.active.remove(at: index) }
        shared.condition.unlock()
    }

    /// Ends the thread.
    func stop() {
        shared.condition.lock()
        shared.stopping = true
        shared.condition.signal()
        shared.condition.unlock()
    }

    /// What the watchdog thread shares with the runs, under `condition`.
    private final class Shared: @unchecked Sendable {
        let condition = NSCondition()
        let tick: TimeInterval
        var active: [OpaquePointer] = []
        var stopping = false
        var parked = false
        /// Ticks without an active run; after `ticksBeforeParking` the thread parks.
        var idleTicks = 0

        init(tick: TimeInterval) {
            self.tick = tick
        }

        var ticksBeforeParking: Int { Int(1 / tick) }

        func loop() {
            condition.lock()
            while !stopping {
                if active.isEmpty {
                    idleTicks += 1
                    if idleTicks >= ticksBeforeParking {
                        parked = true
                        condition.wait()
                        parked = false
                        idleTicks = 0
                        continue
                    }
                } else {
                    idleTicks = 0
                    for state in active { carnet_watch(state) }
                }
                _ = condition.wait(until: Date(timeIntervalSinceNow: tick))
            }
            condition.unlock()
        }
    }
}
