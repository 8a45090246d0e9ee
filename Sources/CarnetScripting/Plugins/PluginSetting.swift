/// One `[settings.<name>]` table: a value an administrator sets for the plugin, read by
/// the script as `crm.settings.<name>`.
public struct PluginSetting: Sendable, Hashable {
    /// The setting's type; the default and every value set later must have it.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case string, integer, number, boolean
    }

    /// Lower-case letters, digits and `_`, starting with a letter.
    public var name: String
    public var kind: Kind
    /// `.string`, `.integer`, `.number` or `.bool` according to ``kind`` (an integer
    /// default is accepted for a number setting and kept as `.number`).
    public var defaultValue: LuaValue
    public var description: String

    public init(name: String, kind: Kind, defaultValue: LuaValue, description: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.description = description
    }
}
