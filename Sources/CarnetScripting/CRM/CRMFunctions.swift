import CarnetCore
import CarnetStore
import Foundation
import Logging

/// The `crm` functions every plugin gets besides the records: the clock, logging, and the
/// before-hooks' `reject` and `set`. The records' functions are in ``CRMRecordFunctions``.
public enum CRMFunctions {
    /// The functions, reading `clock` and writing log lines to `logger` as well as to the run.
    public static func all(clock: any CarnetClock, logger: Logger) -> [HostFunction] {
        [
            HostFunction(path: "crm.now") { _ in [.integer(Int64(clock.now.timeIntervalSince1970.rounded(.down)))] },
            HostFunction(path: "crm.time") { call in
                let text = try call.arguments.string(argument: 1)
                guard let date = Timestamp.parse(text) else {
                    throw CarnetError.validation([FieldError("argument 1", "\"\(text.prefix(40))\" is not a date (YYYY-MM-DD) or an ISO 8601 date-time")])
                }
                return [.integer(Int64(date.timeIntervalSince1970.rounded(.down)))]
            },
            log("info", .info, logger), log("warn", .warning, logger), log("error", .error, logger),
            HostFunction(path: "crm.reject") { call in
                let context = try call.runContext()
                let message = try call.arguments.string(argument: 1)
                guard context.phase == .before else { throw CarnetError.invalidState("crm.reject works only in a before-hook") }
                if context.rejection == nil { context.rejection = String(message.prefix(PluginRunContext.maximumLogLength)) }
                throw PluginRejection(message: message)
            },
            HostFunction(path: "crm.set") { call in
                let context = try call.runContext()
                let field = try call.arguments.string(argument: 1)
                let value = call.arguments.value(argument: 2).json
                guard context.phase == .before else { throw CarnetError.invalidState("crm.set works only in a before-hook") }
                guard context.allowsFieldChanges else {
                    throw CarnetError.invalidState("crm.set: an activity cannot be changed by a before-hook, only refused with crm.reject")
                }
                try set(field, value, in: context)
                return []
            },
        ]
    }

    /// Fields a before-hook may not set: the row's identity and bookkeeping, and the stage
    /// (a hook refuses a move, it does not make another).
    static let unsettable: Set<String> = ["id", "version", "created_at", "updated_at", "archived_at", "stage", "pipeline", "stage_changed_at", "closed_at"]

    private static func set(_ field: String, _ value: JSONValue, in context: PluginRunContext) throws {
        if field.hasPrefix("custom."), field.count > "custom.".count {
            var custom: [String: JSONValue] = [:]
            if case .object(let members)? = context.fieldsSet["custom_fields"] { custom = members }
            custom[String(field.dropFirst("custom.".count))] = value
            context.fieldsSet["custom_fields"] = .object(custom)
            return
        }
        guard !unsettable.contains(field) else {
            throw CarnetError.validation([FieldError(field, field == "stage"
                ? "cannot be set by a before-hook; refuse the move with crm.reject instead"
                : "cannot be set by a before-hook")])
        }
        context.fieldsSet[field] = value
    }

    private static func log(_ name: String, _ level: Logger.Level, _ logger: Logger) -> HostFunction {
        HostFunction(path: "crm.log.\(name)") { call in
            let message = try call.arguments.string(argument: 1)
            (call.context as? PluginRunContext)?.log(name, message)
            logger.log(level: level, "\(message)", metadata: ["plugin": "\(call.identity.pluginID)", "version": "\(call.identity.version)"])
            return []
        }
    }
}

/// What `crm.reject` raises to stop the hook at once; the veto itself is kept in the run's
/// context, so a `pcall` that swallows this error does not undo it.
struct PluginRejection: Error, CustomStringConvertible {
    let message: String
    var description: String { "rejected: \(message)" }
}
