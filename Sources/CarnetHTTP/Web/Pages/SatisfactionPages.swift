import CarnetCore
import CarnetMail
import CarnetStore
import CarnetTickets
import Foundation
import Hummingbird

/// `/rate/{token}`: the page a satisfaction survey's links open. Public, the link's token
/// being the credential; in the browser's language; 404 while the tickets module is off.
///
/// Opening a link only shows the page with that score chosen: the click on "Send" records
/// it (with the comment), because mail filters open the links of the e-mails they check.
struct SatisfactionPages {
    static let module = "tickets"
    let kit: WebKit
    let surveys: SatisfactionService

    func register(_ router: Router<CarnetRequestContext>) {
        let (kit, surveys) = (self.kit, self.surveys)
        router.get("/rate/{token}") { request, context in
            let language = SignInPages.language(request)
            guard try await kit.enabled(Self.module) else { return kit.errorPage(status: .notFound, message: "", language: language) }
            let token = try context.parameters.require("token")
            do {
                let survey = try await kit.services.database.read { conn in try surveys.survey(token: token, conn) }
                if survey.ratedAt != nil {
                    return Self.page(kit, token: token, survey: survey, language: language, message: L10n.text("ticket.survey_answered", language))
                }
                let score = request.uri.queryParameters.get("score").flatMap { Int($0) }
                return Self.page(kit, token: token, survey: survey, language: language, score: score)
            } catch let error as CarnetError {
                return Self.failure(kit, error, language: language)
            }
        }
        router.post("/rate/{token}") { request, context in
            let language = SignInPages.language(request)
            guard try await kit.enabled(Self.module) else { return kit.errorPage(status: .notFound, message: "", language: language) }
            let token = try context.parameters.require("token")
            let form = WebForm(String(buffer: try await request.body.collect(upTo: kit.bodyLimit)))
            let score = form["score"].flatMap { Int($0) }
            do {
                let ticket = try await kit.services.database.write { conn in
                    try surveys.rate(token: token, score: score, comment: form["comment"], language: language, conn)
                }
                let survey = SatisfactionService.Survey(ticket: ticket, ratedAt: ticket.ratedAt)
                return Self.page(kit, token: token, survey: survey, language: language, message: L10n.text("web.rate_thanks", language))
            } catch let error as CarnetError {
                if case .validation(let fields) = error {
                    let survey = try await kit.services.database.read { conn in try surveys.survey(token: token, conn) }
                    return Self.page(kit, token: token, survey: survey, language: language, score: score, comment: form["comment"],
                                     message: fields.map(\.message).joined(separator: " "), status: .unprocessableContent)
                }
                return Self.failure(kit, error, language: language)
            }
        }
    }

    /// The survey page: the form while the survey is open, else only the message.
    static func page(_ kit: WebKit, token: String, survey: SatisfactionService.Survey, language: Language, score: Int? = nil,
                     comment: String? = nil, message: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let scores = (1...5).map { (value: Int) -> [String: Any] in
            ["value": value, "label": L10n.text("ticket.survey_score_\(value)", language), "checked": value == score]
        }
        var data: [String: Any] = [
            "t": L10n.webTexts(language), "lang": language.rawValue, "title": L10n.text("web.rate_title", language),
            "open": survey.ratedAt == nil, "action": SatisfactionService.path + token, "scores": scores, "comment": comment ?? "",
            "intro": L10n.text("web.rate_intro", language, ["number": survey.ticket.number, "subject": survey.ticket.subject]),
        ]
        if let message { data["message"] = message }
        return kit.renderer.response("rate", data, status: status)
    }

    /// A link that leads nowhere (404) or a survey already answered (409), as a page.
    static func failure(_ kit: WebKit, _ error: CarnetError, language: Language) -> Response {
        switch error {
        case .invalidState(let message): kit.errorPage(status: .conflict, message: message, language: language)
        default: kit.errorPage(status: .notFound, message: "", language: language)
        }
    }
}
