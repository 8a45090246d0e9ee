import CarnetCore
import CarnetStore
import Foundation
import Hummingbird
import NIOCore

/// An RFC 9457 problem: the one shape of every error the API returns.
struct Problem: Encodable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var errors: [FieldError]?

    /// The problem for any error thrown while handling a request. Unexpected errors
    /// become a 500 that says nothing about the internals (the log has them).
    init(_ error: any Error) {
        switch error {
        case let error as CarnetError: self.init(carnet: error)
        case is NIOTooManyBytesError:
            self.init(status: 413, kind: "body-too-large", title: "Request body too large",
                      detail: "The request body is larger than the server accepts (server.body_limit_bytes).")
        case let error as StoreError:
            if case .uniqueViolation(let constraint, _) = error {
                self.init(status: 409, kind: "conflict", title: "Conflict", detail: "A row with the same \(constraint) already exists.")
            } else if case .unavailable = error {
                self.init(status: 503, kind: "unavailable", title: "Database unavailable", detail: "The database is busy or unreachable; try again.")
            } else {
                self.init(status: 500, kind: "internal", title: "Internal error", detail: "The server failed to handle this request; the log has the details.")
            }
        case let error as HTTPError:
            self.init(status: Int(error.status.code), kind: "http", title: error.status.reasonPhrase, detail: error.body ?? error.status.reasonPhrase)
        default:
            self.init(status: 500, kind: "internal", title: "Internal error", detail: "The server failed to handle this request; the log has the details.")
        }
    }

    init(status: Int, kind: String, title: String, detail: String, errors: [FieldError]? = nil) {
        type = "https://carnet.dev/problems/\(kind)"
        self.title = title
        self.status = status
        self.detail = detail
        self.errors = errors
    }

    init(carnet error: CarnetError) {
        switch error {
        case .validation(let errors):
            self.init(status: 422, kind: "validation", title: "Invalid input", detail: error.detail, errors: errors)
        case .malformed(let detail, let field):
            self.init(status: 400, kind: "malformed", title: "Malformed request", detail: detail, errors: field.map { [FieldError($0, detail)] })
        case .notFound:
            self.init(status: 404, kind: "not-found", title: "Not found", detail: error.detail)
        case .versionConflict:
            self.init(status: 409, kind: "version-conflict", title: "Version conflict", detail: error.detail, errors: [FieldError("version", "is stale")])
        case .duplicate(_, let field, _):
            self.init(status: 409, kind: "duplicate", title: "Already exists", detail: error.detail, errors: [FieldError(field, "is already used")])
        case .stageRule(_, let missing):
            self.init(status: 422, kind: "stage-rule", title: "Stage rule not met", detail: error.detail, errors: missing)
        case .moduleDisabled:
            self.init(status: 404, kind: "module-disabled", title: "Module disabled", detail: error.detail)
        case .unauthenticated:
            self.init(status: 401, kind: "unauthenticated", title: "Authentication required", detail: error.detail)
        case .forbidden:
            self.init(status: 403, kind: "forbidden", title: "Forbidden", detail: error.detail)
        case .tooLarge:
            self.init(status: 413, kind: "too-large", title: "Too large", detail: error.detail)
        case .invalidState:
            self.init(status: 409, kind: "invalid-state", title: "Not possible now", detail: error.detail)
        case .pluginRejected:
            self.init(status: 422, kind: "plugin-rejected", title: "Refused by a rule", detail: error.detail)
        case .pluginFailed:
            self.init(status: 500, kind: "plugin-failed", title: "A plugin failed", detail: error.detail)
        }
    }

    /// The problem as an `application/problem+json` response.
    var response: Response {
        let data = (try? CarnetJSON.encoder.encode(self)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if status == 401 { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
