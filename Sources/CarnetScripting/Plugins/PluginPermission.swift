/// What a plugin may do through the `crm` API. This is the one list of permissions:
/// a manifest may only name these, and host functions are registered with one of them.
///
/// - `read:contacts`, `write:contacts`: read, create and change contacts.
/// - `read:companies`, `write:companies`: the same for companies.
/// - `read:deals`, `write:deals`: the same for deals (moving a deal needs `write:deals`).
/// - `read:activities`, `write:activities`: read and log activities.
/// - `read:tasks`, `write:tasks`: read and create follow-up tasks (the follow-ups module).
/// - `write:sequences`: enroll contacts in nurturing sequences (the nurturing module).
/// - `send:email`: send email through the server's mail settings.
///
/// A `write:` permission does not imply the matching `read:`; declare both when needed.
public enum PluginPermission: String, Sendable, Hashable, CaseIterable, Comparable {
    case readContacts = "read:contacts"
    case writeContacts = "write:contacts"
    case readCompanies = "read:companies"
    case writeCompanies = "write:companies"
    case readDeals = "read:deals"
    case writeDeals = "write:deals"
    case readActivities = "read:activities"
    case writeActivities = "write:activities"
    case readTasks = "read:tasks"
    case writeTasks = "write:tasks"
    case writeSequences = "write:sequences"
    case sendEmail = "send:email"

    public static func < (lhs: PluginPermission, rhs: PluginPermission) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
