/// Why a worker may not finish a job it claimed.
public enum JobError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The job is no longer running under this claim: its lease ended and another worker took
    /// it, or it was released. Whatever the run wrote in its transaction must roll back.
    case leaseLost(jobID: String, worker: String)

    public var description: String {
        switch self {
        case .leaseLost(let id, let worker): "the job \(id) is no longer leased to \(worker)"
        }
    }
}
