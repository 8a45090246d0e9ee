import CarnetCapture
import CarnetCore
import CarnetStore
import Foundation
import HTTPTypes
import Hummingbird

/// The capture module's public form endpoint: `GET /f/{slug}` serves the form as a page,
/// `POST /f/{slug}` takes a submission from a browser (`application/x-www-form-urlencoded`:
/// 303 to the form's redirect, or a thank-you page) or a program (`application/json`: 201).
///
/// Here rather than among the module's routes because nobody signs in to send a form. Both
/// answer 404 while the capture module is off. A client address sending more than
/// `[capture] rate_limit_per_minute` gets 429 with `Retry-After`; a filled honeypot gets the
/// same answer as a real lead and nothing is stored.
struct CaptureRoutes {
    let writes: WriteRunner
    let gate: ModuleGate
    let settings: CaptureSettings

    static let module = "capture"
    static let htmlType = "text/html; charset=utf-8"
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    func register(_ api: APIRouteBuilder) {
        let services = writes.services
        let forms = CaptureFormService(context: services.context)
        let leads = LeadCaptureService(services: services, settings: settings)
        let limiter = CaptureRateLimiter(perMinute: settings.ratePerMinute, clock: services.context.clock)
        let (gate, settings) = (self.gate, self.settings)
        api.publicRoute(.get, "/f/{slug}") { request, context in
            try await gate.require(Self.module)
            let slug = try context.parameter("slug")
            let form = try await services.database.read { conn in try forms.published(slug: slug, conn) }
            return Self.html(CapturePage.form(form, language: Self.language(request), action: "/f/\(form.slug)"))
        }
        api.publicRoute(.post, "/f/{slug}") { request, context in
            try await gate.require(Self.module)
            let slug = try context.parameter("slug")
            let language = Self.language(request)
            if let wait = limiter.take(Self.client(request, context, trustForwardedFor: settings.trustForwardedFor)) {
                var answer = Problem(status: 429, kind: "rate-limited", title: "Too many requests",
                                     detail: L10n.text("capture.rate_limited", language, ["seconds": String(wait)])).response
                answer.headers[.retryAfter] = String(wait)
                return answer
            }
            let type = (request.headers[.contentType] ?? "").lowercased()
            let isJSON = type.hasPrefix("application/json")
            guard isJSON || type.hasPrefix("application/x-www-form-urlencoded") else {
                return Problem(status: 415, kind: "unsupported-media-type", title: "Unsupported media type",
                               detail: "Send the form as application/x-www-form-urlencoded or application/json.").response
            }
            let body = try await request.body.collect(upTo: settings.bodyLimitBytes)
            var values = isJSON ? try SubmissionValues.read(json: Data(buffer: body), language: language) : WebForm(String(buffer: body)).values
            for name in UTMParameters.names where values[name] == nil {
                if let value = request.query(name) { values[name] = value }
            }
            let form = try await services.database.read { conn in try forms.published(slug: slug, conn) }
            if !(values[CaptureForm.honeypot] ?? "").isBlank {
                return try Self.accepted(form, answers: [:], contactID: EntityID.make(IDPrefix.contact, at: services.context.clock.now),
                                         isJSON: isJSON, language: language)
            }
            var read = try form.read(values, language: language)
            read.referrer = request.headers[.referer].map { String($0.prefix(2_000)) }
            let lead = read
            let actor = Actor(userID: nil, role: .member, name: "form \(form.slug)")
            let outcome = try await services.database.write { conn in
                try leads.capture(lead, form: form, channel: isJSON ? .api : .web, actor: actor, conn)
            }
            return try Self.accepted(form, answers: lead.answers, contactID: outcome.contactID, isJSON: isJSON, language: language)
        }
    }

    /// The answer to a submission taken (or a honeypot's, which looks the same).
    static func accepted(_ form: CaptureForm, answers: [String: JSONValue], contactID: String, isJSON: Bool, language: Language) throws -> Response {
        if isJSON {
            return try JSONBody.response(Accepted(contactID: contactID, message: form.thankYouText ?? L10n.text("capture.page.thanks", language)),
                                         status: .created)
        }
        if let redirect = form.redirectURL {
            return Response(status: .seeOther, headers: [.location: redirect])
        }
        return html(CapturePage.thanks(form, answers: answers, language: language))
    }

    static func html(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: htmlType, .cacheControl: "no-store"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// The visitor's language, from `Accept-Language`.
    static func language(_ request: Request) -> Language {
        Language(locale: request.headers[.acceptLanguage] ?? "en")
    }

    /// The client's address: the first `X-Forwarded-For` entry when trusted, else the connection's peer.
    static func client(_ request: Request, _ context: CarnetRequestContext, trustForwardedFor: Bool) -> String {
        if trustForwardedFor, let first = request.headers[forwardedFor]?.split(separator: ",").first?.trimmingCharacters(in: .whitespaces), !first.isEmpty {
            return first
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The JSON answer of a submission.
    struct Accepted: Encodable {
        var contactID: String
        var message: String

        enum CodingKeys: String, CodingKey {
            case contactID = "contact_id", message
        }
    }
}
