import CarnetCore
import CarnetFollowUps
import CarnetScripting
import CarnetStore

/// `crm.tasks`: the follow-ups module's tasks for plugins. Each call checks that the module
/// is on, so a plugin gets a clear error rather than a missing table while it is off.
enum TaskHostFunctions {
    static func all(settings: FollowUpsSettings) -> [HostFunction] {
        let module = FollowUpsModule().id
        @Sendable func tasks(_ context: PluginRunContext) throws -> TaskService {
            guard try context.services.modules.enabled(context.conn).contains(module) else {
                throw CarnetError.moduleDisabled(module: module)
            }
            return TaskService(context: context.services.context, settings: settings)
        }
        return [
            CRMRecordFunctions.write("crm.tasks.create", "write:tasks", takesID: false) { context, _, fields in
                try tasks(context).create(try CRMValues.decode(TaskPatch.self, from: fields), actor: context.actor, context.conn)
            },
            CRMRecordFunctions.find("crm.tasks.find", "read:tasks", known: ["assignee_id", "deal_id", "contact_id", "due"]) { context, filter in
                var query = TaskQuery()
                query.limit = try filter.limit()
                query.assigneeID = try filter.string("assignee_id")
                query.dealID = try filter.string("deal_id")
                query.contactID = try filter.string("contact_id")
                if let due = try filter.string("due") {
                    guard let parsed = TaskQuery.Due(rawValue: due) else {
                        throw CarnetError.validation([FieldError("due", "must be one of \(TaskQuery.Due.allCases.map(\.rawValue).joined(separator: ", "))")])
                    }
                    query.due = parsed
                }
                return try CRMValues.records(tasks(context).list(query, context.conn).items)
            },
        ]
    }
}
