import CarnetCore
import CarnetStore
import Foundation

/// `crm.testing`: what a plugin's test file reaches through `test`, `expect` and `fixtures`.
/// Registered only by the test runner, with a permission no manifest can declare, so plugin
/// code cannot call them.
enum PluginTestFunctions {
    static let permission = "carnet:test"

    static func all() -> [HostFunction] {
        [
            function("crm.testing.report") { session, _, arguments in
                session.results.append(PluginTestResult(file: session.file, name: try arguments.string(argument: 1),
                                                        passed: try arguments.bool(argument: 2), message: try arguments.string(argument: 3)))
                return .nil
            },
            create("contact") { session, context, fields in
                try CRMValues.record(context.services.contacts.create(try CRMValues.decode(ContactPatch.self, from: fields), actor: session.tester, context.conn))
            },
            create("company") { session, context, fields in
                try CRMValues.record(context.services.companies.create(try CRMValues.decode(CompanyPatch.self, from: fields), actor: session.tester, context.conn))
            },
            create("deal") { session, context, fields in
                try CRMValues.record(context.services.deals.create(try CRMValues.decode(DealPatch.self, from: fields), actor: session.tester, context.conn))
            },
            create("activity") { session, context, fields in
                try CRMValues.record(context.services.activities.create(try CRMValues.decode(ActivityInput.self, from: fields), actor: session.tester, context.conn))
            },
            create("task") { session, context, fields in
                guard let create = session.host.runtime.function("crm.tasks.create") else {
                    throw CarnetError.invalidState("fixtures.task needs the follow-ups module in this build")
                }
                let call = HostCall(path: create.path, arguments: [.object(fields)], identity: ScriptIdentity(pluginID: session.pluginID, version: "test"),
                                    context: context)
                return try create.handler(call).first ?? .nil
            },
            create("user") { session, context, fields in
                let email = try string(fields, "email") ?? "user\(Int.random(in: 1000...999_999))@example.com"
                let role = try string(fields, "role").map { text in
                    guard let role = Role(rawValue: text) else { throw CarnetError.validation([FieldError("role", "must be admin, manager, member or readonly")]) }
                    return role
                } ?? .member
                let user = try context.services.users.create(email: email, name: try string(fields, "name") ?? email, role: role,
                                                             passwordHash: nil, actor: .system, context.conn)
                return .object(["id": .string(user.id), "email": .string(user.email), "name": .string(user.name), "role": .string(user.role.rawValue)])
            },
            function("crm.testing.fixtures.update") { session, context, arguments in
                let entity = try arguments.string(argument: 1)
                let id = try arguments.string(argument: 2)
                let fields = try arguments.object(argument: 3)
                let services = context.services
                switch entity {
                case "contact": return try CRMValues.record(services.contacts.update(id, try CRMValues.decode(ContactPatch.self, from: fields), expectedVersion: nil, actor: session.tester, context.conn))
                case "company": return try CRMValues.record(services.companies.update(id, try CRMValues.decode(CompanyPatch.self, from: fields), expectedVersion: nil, actor: session.tester, context.conn))
                case "deal": return try CRMValues.record(services.deals.update(id, try CRMValues.decode(DealPatch.self, from: fields), expectedVersion: nil, actor: session.tester, context.conn))
                default: throw CarnetError.validation([FieldError("argument 1", "must be contact, company or deal")])
                }
            },
            function("crm.testing.fixtures.move") { session, context, arguments in
                var fields = try CRMValues.filter(arguments, at: 3)
                fields["stage"] = .string(try arguments.string(argument: 2))
                return try CRMValues.record(context.services.deals.update(try arguments.string(argument: 1), try CRMValues.decode(DealPatch.self, from: fields),
                                                                          expectedVersion: nil, actor: session.tester, context.conn))
            },
            function("crm.testing.fixtures.get") { _, context, arguments in
                let entity = try arguments.string(argument: 1)
                let id = try arguments.string(argument: 2)
                let services = context.services
                do {
                    switch entity {
                    case "contact": return try CRMValues.record(services.contacts.get(id, context.conn))
                    case "company": return try CRMValues.record(services.companies.get(id, context.conn))
                    case "deal": return try CRMValues.record(services.deals.get(id, context.conn))
                    case "activity": return try CRMValues.record(services.activities.get(id, context.conn))
                    default: throw CarnetError.validation([FieldError("argument 1", "must be contact, company, deal or activity")])
                    }
                } catch CarnetError.notFound {
                    return .nil
                }
            },
            function("crm.testing.fixtures.activities") { _, context, arguments in
                let filter = try CRMFilter("fixtures.activities", try CRMValues.filter(arguments, at: 1), known: ["contact_id", "deal_id", "company_id"])
                let query = ActivityQuery(contactID: try filter.string("contact_id"), dealID: try filter.string("deal_id"),
                                          companyID: try filter.string("company_id"), limit: try filter.limit())
                return try CRMValues.records(context.services.activities.list(query, context.conn).items)
            },
            function("crm.testing.fixtures.dispatch") { session, context, _ in
                .integer(Int64(try dispatch(session, context.conn)))
            },
            function("crm.testing.fixtures.run_job") { session, context, arguments in
                let function = try arguments.string(argument: 1)
                guard let plugin = session.host.active(session.pluginID), plugin.manifest.jobs.contains(where: { $0.function == function }) else {
                    throw CarnetError.validation([FieldError("argument 1", "\(function) is not a [[jobs]] function of the plugin")])
                }
                let slot = Int64(session.clock.now.timeIntervalSince1970.rounded(.down))
                return try session.host.runJob(plugin, function: function, slot: slot, context.conn).first ?? .nil
            },
            function("crm.testing.fixtures.run_action") { session, context, arguments in
                let input = arguments.value(argument: 3).json
                let result = try session.host.runAction(plugin: session.pluginID, action: try arguments.string(argument: 1), targetID: try arguments.string(argument: 2),
                                                        input: input == .null ? .object([:]) : input, actor: session.tester, context.conn)
                return LuaValue(result)
            },
            function("crm.testing.fixtures.set_time") { session, _, arguments in
                let text = try arguments.string(argument: 1)
                guard let date = Timestamp.parse(text) else { throw CarnetError.validation([FieldError("argument 1", "\(text) is not an ISO 8601 date-time")]) }
                session.clock.set(date)
                return .nil
            },
            function("crm.testing.fixtures.enable_module") { _, context, arguments in
                let module = try arguments.string(argument: 1)
                let enabled = try context.services.modules.enabled(context.conn)
                try context.services.modules.catalog.checkEnable(module, enabled: enabled)
                try context.services.modules.set(module, enabled: true, actor: .system, context.conn)
                return .nil
            },
            function("crm.testing.fixtures.settings") { session, _, arguments in
                try session.host.override(settings: try arguments.object(argument: 1), of: session.pluginID)
                return .nil
            },
        ]
    }

    /// Hands the events written since the last dispatch to the plugin's after-hooks, skipping
    /// those its own writes made; returns how many hooks ran.
    static func dispatch(_ session: PluginTestSession, _ conn: any SQLConnection) throws -> Int {
        guard let plugin = session.host.active(session.pluginID) else { return 0 }
        var runs = 0
        let rows = try ChangeLog(clock: session.clock).events(after: session.dispatchedThrough, type: nil, limit: 10_000, conn)
        for (position, event) in rows {
            session.dispatchedThrough = position
            guard !event.origin.contains(plugin.id),
                  plugin.manifest.hooks.contains(where: { $0.event.phase == .after && $0.event.event == event.type }) else { continue }
            try session.host.runAfterHook(plugin, event: event, conn)
            runs += 1
        }
        return runs
    }

    private static func string(_ fields: [String: LuaValue], _ key: String) throws -> String? {
        switch fields[key] {
        case nil, .nil?: return nil
        case .string(let value)?: return value
        case let other?: throw CarnetError.validation([FieldError(key, "must be a string, got \(other.typeName)")])
        }
    }

    /// `crm.testing.fixtures.<entity>(fields)`.
    private static func create(_ entity: String, _ body: @escaping @Sendable (PluginTestSession, PluginRunContext, [String: LuaValue]) throws -> LuaValue) -> HostFunction {
        function("crm.testing.fixtures.\(entity)") { session, context, arguments in
            try body(session, context, try arguments.object(argument: 1))
        }
    }

    private static func function(_ path: String, _ body: @escaping @Sendable (PluginTestSession, PluginRunContext, [LuaValue]) throws -> LuaValue) -> HostFunction {
        HostFunction(path: path, permission: permission) { call in
            let context = try call.runContext()
            guard let session = context.attachment as? PluginTestSession else {
                throw CarnetError.invalidState("\(path) works only in a plugin's test file")
            }
            return [try body(session, context, call.arguments)]
        }
    }
}
