/// Why a delivery attempt failed: the job's `last_error`, and the `error` of its log row.
public enum WebhookDeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The receiver answered, but not with 2xx (a redirect included: they are not followed).
    case status(Int)
    /// No answer: the connection failed or the timeout ran out.
    case transport(String)

    public var description: String {
        switch self {
        case .status(let code): "the receiver answered HTTP \(code)"
        case .transport(let reason): "no answer from the receiver: \(reason)"
        }
    }
}
