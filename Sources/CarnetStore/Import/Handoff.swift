import Foundation

/// Passes batches from a producing thread to a consuming one, then the producer's result.
///
/// At most `capacity` batches wait, so a producer that runs ahead blocks instead of
/// holding the whole import in memory twice. Both sides are plain threads that may
/// block: never use it from Swift concurrency's pool or a NIO event loop.
final class Handoff<Batch: Sendable, Result: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    // Guarded by `condition`.
    private var batches: [Batch] = []
    private var spent: [Batch] = []
    private var result: Result?
    private var cancelled = false

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Producer: queues a batch, waiting while `capacity` batches wait; false once the
    /// consumer has cancelled, and the producer should stop.
    func send(_ batch: Batch) -> Bool {
        condition.lock()
        while batches.count >= capacity && !cancelled { condition.wait() }
        let sent = !cancelled
        if sent { batches.append(batch) }
        condition.broadcast()
        let spent = self.spent
        self.spent = []
        condition.unlock()
        // Freed here, on the producer's thread, once the lock is released.
        withExtendedLifetime(spent) {}
        return sent
    }

    /// Producer: hands over the result, after the last batch.
    func finish(_ result: Result) {
        condition.lock()
        self.result = result
        condition.broadcast()
        condition.unlock()
    }

    /// What the consumer takes next.
    enum Next {
        case batch(Batch)
        /// The producer has finished and every batch was taken.
        case finished(Result)
    }

    /// Consumer: the next batch or the result, waiting for one.
    func next() -> Next {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && result == nil { condition.wait() }
        if batches.isEmpty, let result { return .finished(result) }
        condition.broadcast()
        return .batch(batches.removeFirst())
    }

    /// Consumer: gives back a batch it is done with, for the producer to free: freeing an
    /// import's values (every text of 100,000 rows) took the inserting thread 60 ms.
    func done(with batch: Batch) {
        condition.lock()
        spent.append(batch)
        condition.unlock()
    }

    /// Consumer: stops taking batches; the producer's next `send` returns false.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
