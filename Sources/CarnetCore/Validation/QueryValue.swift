/// Query parameters with a fixed set of values, read strictly: anything else is a 422 naming
/// the parameter, never a silent default (`archived=yes` must not list the live records).
public enum QueryValue {
    /// `true` or `false`; absent means `false`.
    public static func flag(_ text: String?, field: String) throws(CarnetError) -> Bool {
        switch text {
        case nil, "false": return false
        case "true": return true
        default: throw .validation([FieldError(field, "must be true or false")])
        }
    }

    /// `en` or `fr`; absent means English.
    public static func language(_ text: String?, field: String = "lang") throws(CarnetError) -> Language {
        guard let text else { return .en }
        guard let language = Language(rawValue: text) else {
            throw .validation([FieldError(field, "must be one of \(Language.allCases.map(\.rawValue).joined(separator: ", "))")])
        }
        return language
    }
}
