/// The loop of a background service: runs a step again at once while it finds work, otherwise
/// after the poll interval or a wake-up, until the task running the loop is cancelled.
///
/// Each step runs in a task of its own, which cancellation does not reach: a transaction in
/// flight is finished rather than interrupted (GRDB interrupts SQLite when the awaiting task is
/// cancelled). The step sees `signal.isClosed` and stops between units of work.
struct PollingLoop: Sendable {
    let interval: Duration
    let signal: WakeSignal

    func run(_ step: @escaping @Sendable () async -> Bool) async {
        let signal = self.signal
        await withTaskCancellationHandler {
            while !signal.isClosed {
                let more = await Task { await step() }.value
                if !more, !signal.isClosed { await signal.wait(upTo: interval) }
            }
        } onCancel: {
            signal.close()
        }
    }
}
