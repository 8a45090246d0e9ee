/// Every error a user can cause, typed, with what they need to fix it.
///
/// The HTTP layer maps each case to one status and a problem+json body in one place;
/// the CLI prints the same text.
public enum CarnetError: Error, Sendable, Equatable {
    /// The input is invalid; each field says why. (422)
    case validation([FieldError])
    /// The request body is not the JSON the route expects. (400)
    case malformed(detail: String, field: String?)
    /// No such row, or it is archived and the caller asked for live rows. (404)
    case notFound(entity: String, id: String)
    /// The row changed since the caller read it. (409)
    case versionConflict(entity: String, id: String, expected: Int, actual: Int)
    /// A uniqueness rule was broken, e.g. two users with one e-mail. (409)
    case duplicate(entity: String, field: String, value: String)
    /// A deal cannot enter a stage: the rule's message and the missing fields. (422)
    case stageRule(stage: String, missing: [FieldError])
    /// A module that is switched off was asked for. (404)
    case moduleDisabled(module: String)
    /// No credentials, or bad ones. (401)
    case unauthenticated(String)
    /// The caller's role may not do this. (403)
    case forbidden(String)
    /// A limit was exceeded: body size, list size, rate. (413 / 429)
    case tooLarge(String)
    /// A request that was valid but cannot be done in the current state. (409)
    case invalidState(String)
    /// A plugin's before-hook vetoed the change with `crm.reject(message)`. (422)
    case pluginRejected(plugin: String, message: String)
    /// A plugin's before-hook failed (an error or a spent budget), so the change it guards was
    /// not stored; `detail` names the plugin, file:line and what went wrong. (500)
    case pluginFailed(plugin: String, detail: String)

    /// A one-line explanation suitable for a CLI or a problem's `detail`.
    public var detail: String {
        switch self {
        case .validation(let errors):
            "Invalid input: " + errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        case .malformed(let detail, _): detail
        case .notFound(let entity, let id): "No \(entity) with id \(id)."
        case .versionConflict(let entity, let id, let expected, let actual):
            "The \(entity) \(id) was changed by someone else (you sent version \(expected), it is now at \(actual)). Reload it and apply your change again."
        case .duplicate(let entity, let field, let value): "A \(entity) with \(field) \(value) already exists."
        case .stageRule(let stage, let missing):
            "The deal cannot enter stage \(stage): " + missing.map { "\($0.field) — \($0.message)" }.joined(separator: "; ")
        case .moduleDisabled(let module): "The module \(module) is disabled. An admin can enable it with `carnet modules enable \(module)` or on the Modules page."
        case .unauthenticated(let reason): reason
        case .forbidden(let reason): reason
        case .tooLarge(let reason): reason
        case .invalidState(let reason): reason
        case .pluginRejected(let plugin, let message): "\(message) (rule of the plugin \(plugin))"
        case .pluginFailed(let plugin, let detail): "The plugin \(plugin) failed while checking this change, so it was not saved: \(detail)"
        }
    }
}
