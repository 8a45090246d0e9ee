import CarnetCore
import CarnetScripting
import CarnetStore
import Foundation
import Hummingbird

/// The plugins' action buttons on the contact, company and deal pages, and the route they
/// post to: the same `PluginHost.runAction` as `POST /api/v1/plugins/{id}/actions/{name}`.
/// The script sends the form itself and shows the result once the page has reloaded; a plain
/// form post comes back to the record's page.
struct PluginActionPages {
    let kit: WebKit

    func register(_ pages: PageRouter) {
        let kit = self.kit
        pages.post("/plugins/{plugin}/actions/{name}") { page in
            let (plugin, name) = (try page.parameter("plugin"), try page.parameter("name"))
            let target = page.form["target_id"] ?? ""
            let wantsJSON = page.request.headers[.accept]?.contains("application/json") == true
            let result: JSONValue
            do {
                result = try await kit.plugins.runAction(plugin: plugin, action: name, targetID: target, input: .object([:]), actor: page.actor)
            } catch let error as CarnetError where wantsJSON {
                return kit.json(["message": error.detail], status: .init(code: Problem(error).status))
            }
            let action = PluginAction.Place.allCases.lazy.compactMap { place in
                kit.plugins.actions(on: place).first { $0.plugin == plugin && $0.action.name == name }?.action
            }.first
            let label = action.map { Self.label($0, page.language) } ?? name
            if wantsJSON {
                return kit.json(["message": "\(label): \(Self.text(result, page.language))"])
            }
            return Response.redirect(to: SignInPages.safeNext(page.form["back"]), type: .normal)
        }
    }

    /// The data `plugin-actions.mustache` shows: the buttons of the actions for a record of
    /// this kind, and whether there are any.
    static func buttons(_ kit: WebKit, _ place: PluginAction.Place, targetID: String, back: String, language: Language) -> [String: Any] {
        let buttons = kit.plugins.actions(on: place).map { plugin, action in
            ["href": "/plugins/\(plugin)/actions/\(action.name)", "label": label(action, language), "target": targetID, "back": back]
        }
        return ["plugin_actions": buttons, "plugin_actions_any": !buttons.isEmpty]
    }

    static func label(_ action: PluginAction, _ language: Language) -> String {
        language == .fr ? action.labelFR ?? action.label : action.label
    }

    /// What an action returned, in a sentence's place: its text, its number, "done" for nothing.
    static func text(_ value: JSONValue, _ language: Language) -> String {
        switch value {
        case .null, .bool(true): L10n.text("web.done", language)
        case .bool(false): L10n.text("web.action_refused", language)
        case .number(let number): number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .string(let text): text
        case .array, .object: (try? String(decoding: JSONEncoder().encode(value), as: UTF8.self)) ?? ""
        }
    }
}
