/// Why a host function could not be registered.
public enum HostFunctionRegistrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path is not `crm.` followed by Lua names (not keywords), e.g. `crm.deals.get`.
    case invalidPath(String)
    /// A function is already registered at this path.
    case duplicate(String)
    /// The path would make a table of a function, or a function of a table.
    case conflict(path: String, with: String)

    public var description: String {
        switch self {
        case .invalidPath(let path):
            "\(path) is not a valid host function path: use crm. followed by Lua names (letters, digits and _, not a keyword), as in crm.deals.get"
        case .duplicate(let path): "a host function is already registered at \(path)"
        case .conflict(let path, let other): "\(path) conflicts with \(other): a path is either a function or a table"
        }
    }
}
