/// One `[[actions]]` entry: a Lua function that users call from a button on a record's
/// page or through `POST /api/v1/plugins/{id}/actions/{name}`.
public struct PluginAction: Sendable, Hashable {
    /// The kind of record whose page shows the action's button.
    public enum Place: String, Sendable, Hashable, CaseIterable {
        case contact, deal, company
    }

    /// Unique within the plugin: lower-case letters, digits, `-` and `_`.
    public var name: String
    /// A global function defined by `main.lua`; it receives the record.
    public var function: String
    /// The button's label in English.
    public var label: String
    /// The button's label in French; the English one when absent.
    public var labelFR: String?
    public var place: Place

    public init(name: String, function: String, label: String, labelFR: String? = nil, place: Place) {
        self.name = name
        self.function = function
        self.label = label
        self.labelFR = labelFR
        self.place = place
    }
}
