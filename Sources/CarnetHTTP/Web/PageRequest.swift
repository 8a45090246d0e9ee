import CarnetCore
import CarnetStore
import Hummingbird

/// One signed-in page request: who, in which language, with which CSRF token and form.
struct PageRequest: Sendable {
    let request: Request
    let context: CarnetRequestContext
    let actor: Actor
    let session: WebSessionState
    /// The posted form; empty on GET.
    let form: WebForm
    /// The modules switched on: the layout offers only what they serve.
    let modules: Set<String>

    var language: Language { session.language }

    /// A query parameter, trimmed; nil when absent or blank.
    func query(_ name: String) -> String? {
        request.uri.queryParameters.get(name)?.trimmingCharacters(in: .whitespaces).nilIfEmpty
    }

    /// A path parameter the route's pattern guarantees.
    func parameter(_ name: String) throws -> String {
        try context.parameter(name)
    }

    /// What the layout shows on every page: texts, the user, the CSRF token, the active tab.
    func layout(title: String, active: String) -> [String: Any] {
        [
            "t": L10n.webTexts(language),
            "lang": language.rawValue,
            "title": title,
            "csrf": session.csrf,
            "user": actor.name,
            "here": request.uri.description,
            "is_admin": actor.role == .admin,
            "nav_\(active)": true,
            "module": Dictionary(uniqueKeysWithValues: modules.map { ($0, true) }),
        ]
    }
}
