import CarnetCore
import CarnetStore

/// `crm.contacts`, `crm.companies`, `crm.deals` and `crm.activities`: read, find, create
/// and change records through the same services as the API, in the run's transaction, so
/// every rule (validation, stage rules, other plugins' before-hooks) still applies.
///
/// Each write runs in a savepoint: a write that fails (and that the script may catch with
/// `pcall`) leaves nothing half-done behind, and the transaction stays usable.
public enum CRMRecordFunctions {
    public static func all() -> [HostFunction] {
        contacts() + companies() + deals() + activities()
    }

    static func contacts() -> [HostFunction] {
        [
            read("crm.contacts.get", "read:contacts") { context, id in
                try orNil { try context.services.contacts.get(id, context.conn) }
            },
            find("crm.contacts.find", "read:contacts", known: ["q", "owner_id", "company_id", "tag", "region"]) { context, filter in
                var query = ContactQuery(prefix: try filter.string("q"), limit: try filter.limit())
                query.ownerID = try filter.string("owner_id")
                query.companyID = try filter.string("company_id")
                query.tag = try filter.string("tag")
                query.region = try filter.string("region")
                return try CRMValues.records(context.services.contacts.list(query, context.conn).items)
            },
            write("crm.contacts.create", "write:contacts", takesID: false) { context, _, fields in
                try context.services.contacts.create(try CRMValues.decode(ContactPatch.self, from: fields), actor: context.actor, context.conn)
            },
            write("crm.contacts.update", "write:contacts", takesID: true) { context, id, fields in
                try context.services.contacts.update(id, try CRMValues.decode(ContactPatch.self, from: fields), expectedVersion: nil,
                                                     actor: context.actor, context.conn)
            },
        ]
    }

    static func companies() -> [HostFunction] {
        [
            read("crm.companies.get", "read:companies") { context, id in
                try orNil { try context.services.companies.get(id, context.conn) }
            },
            find("crm.companies.find", "read:companies", known: ["q", "owner_id"]) { context, filter in
                var query = CompanyQuery(limit: try filter.limit())
                query.prefix = try filter.string("q")
                query.ownerID = try filter.string("owner_id")
                return try CRMValues.records(context.services.companies.list(query, context.conn).items)
            },
            write("crm.companies.create", "write:companies", takesID: false) { context, _, fields in
                try context.services.companies.create(try CRMValues.decode(CompanyPatch.self, from: fields), actor: context.actor, context.conn)
            },
            write("crm.companies.update", "write:companies", takesID: true) { context, id, fields in
                try context.services.companies.update(id, try CRMValues.decode(CompanyPatch.self, from: fields), expectedVersion: nil,
                                                      actor: context.actor, context.conn)
            },
        ]
    }

    static func deals() -> [HostFunction] {
        [
            read("crm.deals.get", "read:deals") { context, id in
                try orNil { try context.services.deals.get(id, context.conn) }
            },
            find("crm.deals.find", "read:deals", known: ["q", "stage", "owner_id", "contact_id", "company_id"]) { context, filter in
                var query = DealQuery(stage: try filter.string("stage"), limit: try filter.limit())
                query.prefix = try filter.string("q")
                query.ownerID = try filter.string("owner_id")
                query.contactID = try filter.string("contact_id")
                query.companyID = try filter.string("company_id")
                return try CRMValues.records(context.services.deals.list(query, context.conn).items)
            },
            write("crm.deals.create", "write:deals", takesID: false) { context, _, fields in
                try context.services.deals.create(try CRMValues.decode(DealPatch.self, from: fields), actor: context.actor, context.conn)
            },
            write("crm.deals.update", "write:deals", takesID: true) { context, id, fields in
                try context.services.deals.update(id, try CRMValues.decode(DealPatch.self, from: fields), expectedVersion: nil,
                                                  actor: context.actor, context.conn)
            },
            HostFunction(path: "crm.deals.move", permission: "write:deals") { call in
                let context = try call.runContext()
                let id = try call.arguments.string(argument: 1)
                let stage = try call.arguments.string(argument: 2)
                var fields = try CRMValues.filter(call.arguments, at: 3)
                fields["stage"] = .string(stage)
                let deal = try context.conn.savepoint {
                    try context.services.deals.update(id, try CRMValues.decode(DealPatch.self, from: fields), expectedVersion: nil,
                                                      actor: context.actor, context.conn)
                }
                context.writes.append("\(call.path) \(id) \(CRMValues.text(fields))")
                return [try CRMValues.record(deal)]
            },
        ]
    }

    static func activities() -> [HostFunction] {
        [
            write("crm.activities.log", "write:activities", takesID: false) { context, _, fields in
                try context.services.activities.create(try CRMValues.decode(ActivityInput.self, from: fields), actor: context.actor, context.conn)
            },
            find("crm.activities.find", "read:activities", known: ["contact_id", "deal_id", "company_id", "kind"]) { context, filter in
                var query = ActivityQuery(contactID: try filter.string("contact_id"), dealID: try filter.string("deal_id"),
                                          companyID: try filter.string("company_id"), limit: try filter.limit())
                if let kind = try filter.string("kind") {
                    guard let parsed = ActivityKind(rawValue: kind) else {
                        throw CarnetError.validation([FieldError("kind", "must be one of \(ActivityKind.allCases.map(\.rawValue).joined(separator: ", "))")])
                    }
                    query.kind = parsed
                }
                return try CRMValues.records(context.services.activities.list(query, context.conn).items)
            },
        ]
    }

    // MARK: - Shapes

    /// The row, or nil when there is none; other errors go on.
    static func orNil<Row>(_ body: () throws -> Row) throws -> Row? {
        do {
            return try body()
        } catch CarnetError.notFound {
            return nil
        }
    }

    /// `get(id)`: the record, or nil when there is none.
    static func read<Row: Encodable>(_ path: String, _ permission: String,
                                     _ body: @escaping @Sendable (PluginRunContext, String) throws -> Row?) -> HostFunction {
        HostFunction(path: path, permission: permission) { call in
            let context = try call.runContext()
            guard let row = try body(context, try call.arguments.string(argument: 1)) else { return [.nil] }
            return [try CRMValues.record(row)]
        }
    }

    /// `find(filter)`: a sequence of records.
    public static func find(_ path: String, _ permission: String, known: Set<String>,
                     _ body: @escaping @Sendable (PluginRunContext, CRMFilter) throws -> LuaValue) -> HostFunction {
        HostFunction(path: path, permission: permission) { call in
            let context = try call.runContext()
            return [try body(context, try CRMFilter(path, try CRMValues.filter(call.arguments, at: 1), known: known))]
        }
    }

    /// `create(fields)` or `update(id, fields)`: the record written; the write is noted for `replay`.
    public static func write<Row: Encodable>(_ path: String, _ permission: String, takesID: Bool,
                                      _ body: @escaping @Sendable (PluginRunContext, String, [String: LuaValue]) throws -> Row) -> HostFunction {
        HostFunction(path: path, permission: permission) { call in
            let context = try call.runContext()
            let id = takesID ? try call.arguments.string(argument: 1) : ""
            let fields = try call.arguments.object(argument: takesID ? 2 : 1)
            let row = try context.conn.savepoint { try body(context, id, fields) }
            context.writes.append("\(path) \(takesID ? id + " " : "")\(CRMValues.text(fields))")
            return [try CRMValues.record(row)]
        }
    }
}
