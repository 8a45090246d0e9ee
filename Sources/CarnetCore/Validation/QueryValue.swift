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

    /// A number from 0 to 1 (`0.8`); absent means `fallback`.
    public static func fraction(_ text: String?, field: String, fallback: Double) throws(CarnetError) -> Double {
        guard let text else { return fallback }
        guard let value = Double(text), value.isFinite, (0...1).contains(value) else {
            throw .validation([FieldError(field, "must be a number from 0 to 1 (got \(text))")])
        }
        return value
    }
}
