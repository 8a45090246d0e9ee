/// A lock for async code: one holder at a time, the others wait in order, suspended.
///
/// The plugin host's refresh loads plugins (awaiting the Lua executor and the database)
/// and then swaps its snapshot; two refreshes interleaved — the loop's and an API call's —
/// would let the older one's snapshot overwrite the newer.
actor AsyncLock {
    private var held = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Runs `body` holding the lock.
    nonisolated func withLock<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    private func acquire() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            held = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
