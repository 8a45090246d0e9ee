import Synchronization

/// Wakes a polling loop before its interval is up, and tells it to stop.
///
/// A ring with nobody waiting is kept for the next wait, so a wake-up that comes while the
/// loop is busy is not lost. Once closed, waits return at once.
final class WakeSignal: Sendable {
    private let state = Mutex<(rung: Bool, closed: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, false, nil))

    /// Whether `close()` was called.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Ends the current or the next wait.
    func ring() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else { state.rung = true; return nil }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Ends the current wait and every later one.
    func close() {
        state.withLock { $0.closed = true }
        ring()
    }

    /// Returns after `interval`, on a ring or a close, or when the task is cancelled.
    func wait(upTo interval: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: interval) }
            group.addTask { await self.rung() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Returns on a ring or close (also one that came before), or when the task is cancelled.
    private func rung() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Cancellation is checked under the lock: a cancel after it finds the waiter stored.
                let resumeNow = state.withLock { state -> Bool in
                    if state.rung || state.closed || Task.isCancelled {
                        state.rung = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
