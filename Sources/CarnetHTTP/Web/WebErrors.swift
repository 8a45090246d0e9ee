import CarnetCore

/// Turns a refused write into what a form shows: a message at the top, an error under each
/// field at fault, and the values the user typed, so nothing is lost.
enum WebErrors {
    static func form(_ error: CarnetError, values: WebForm, language: Language) -> [String: Any] {
        var data: [String: Any] = ["message": L10n.text("web.fix_fields", language), "values": values.values]
        var errors: [String: String] = [:]
        switch error {
        case .validation(let fields), .stageRule(_, let fields):
            for field in fields where errors[field.field] == nil { errors[field.field] = field.message }
            if case .stageRule = error { data["message"] = error.detail }
        default:
            data["message"] = error.detail
        }
        data["errors"] = errors
        return data
    }
}
