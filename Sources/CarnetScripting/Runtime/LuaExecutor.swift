import CLuaShim
import Foundation

/// Dedicated threads that run Lua for async callers.
///
/// Lua's C API is synchronous and a run may use its whole budget, so Lua must never run
/// on the Swift concurrency pool (one thread per core) or on a NIO event loop: a
/// `LuaSandbox` runs on the thread that calls it. `run` hands the work to one of these
/// threads and suspends the caller until it is done.
public final class LuaExecutor: Sendable {
    private let queue: WorkQueue

    /// - Parameters:
    ///   - threads: how many runs may execute at once.
    ///   - stackSize: bytes of stack per thread; Lua's C recursion is bounded (200 levels).
    public init(threads: Int = 2, name: String = "carnet-lua", stackSize: Int = 4 << 20) {
        queue = WorkQueue()
        for index in 0..<max(1, threads) {
            let queue = self.queue
            let thread = Thread {
                carnet_name_current_thread("\(name)-\(index)")
                queue.work()
            }
            thread.stackSize = stackSize
            thread.start()
        }
    }

    deinit {
        queue.stop()
    }

    /// Runs `work` on one of the executor's threads and returns its result.
    public func run<T: Sendable, Failure: Error>(_ work: @escaping @Sendable () throws(Failure) -> T) async throws(Failure) -> T {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, Failure>, Never>) in
            queue.enqueue { continuation.resume(returning: Result(catching: work)) }
        }
        return try result.get()
    }

    /// The jobs waiting for a thread, under `condition`.
    private final class WorkQueue: @unchecked Sendable {
        private let condition = NSCondition()
        private var jobs: [@Sendable () -> Void] = []
        private var head = 0
        private var stopping = false

        func enqueue(_ job: @escaping @Sendable () -> Void) {
            condition.lock()
            precondition(!stopping, "LuaExecutor used after it was released")
            jobs.append(job)
            condition.signal()
            condition.unlock()
        }

        func stop() {
            condition.lock()
            stopping = true
            condition.broadcast()
            condition.unlock()
        }

        func work() {
            while let job = next() { job() }
        }

        /// The next job, or nil once the queue is stopped and drained.
        private func next() -> (@Sendable () -> Void)? {
            condition.lock()
            defer { condition.unlock() }
            while head == jobs.count {
                if stopping { return nil }
                condition.wait()
            }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            return job
        }
    }
}
