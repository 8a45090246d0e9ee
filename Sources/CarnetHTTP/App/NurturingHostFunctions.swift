import CarnetCore
import CarnetNurturing
import CarnetScripting
import CarnetStore

/// `crm.sequences.enroll(sequence_id, {contact_id = ...})`: the nurturing module's "plugin
/// call" trigger. It answers the enrollment, the one the contact already had when it went
/// through the sequence before; the module must be on and the sequence active.
enum NurturingHostFunctions {
    static func all() -> [HostFunction] {
        let module = NurturingModule().id
        return [
            CRMRecordFunctions.write("crm.sequences.enroll", PluginPermission.writeSequences.rawValue, takesID: true) { context, sequenceID, fields in
                guard try context.services.modules.enabled(context.conn).contains(module) else {
                    throw CarnetError.moduleDisabled(module: module)
                }
                guard case .string(let contactID)? = fields["contact_id"] else {
                    throw CarnetError.validation([FieldError("contact_id", L10n.text("validation.required", .en))])
                }
                return try EnrollmentService(context: context.services.context, jobs: context.services.jobs)
                    .enrollManually(sequenceID, contactID: contactID, actor: context.actor, source: "plugin", existing: true, context.conn)
            },
        ]
    }
}
