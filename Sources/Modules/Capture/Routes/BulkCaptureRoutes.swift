import CarnetCore
import CarnetStore
import Foundation

/// `POST /api/v1/capture/forms/{id}/bulk`: badges scanned at a fair, as JSON
/// (`{"items": [{...}, ...]}`) or as CSV with a header row of the form's input names.
struct BulkCaptureRoutes {
    let settings: CaptureSettings

    var all: [ModuleRoute] {
        let settings = settings
        return [
            ModuleRoute(.post, "capture/forms/{id}/bulk", permission: .write, summary: "Capture a list of badges through a form") { request in
                let id = try CaptureRouteInput.id(request)
                let language = try CaptureRouteInput.language(request)
                let skipInvalid = try QueryValue.flag(request.query["skip_invalid"], field: "skip_invalid")
                let items = try Self.items(request, language: language)
                let services = request.carnet
                let bulk = BulkCaptureService(services: services, settings: settings)
                return try await request.write { conn in
                    let form = try CaptureFormService(context: services.context).get(id, conn)
                    guard form.archivedAt == nil else { throw CarnetError.invalidState("The form \(form.slug) is archived; restore it or use another form.") }
                    return try bulk.run(items, form: form, skipInvalid: skipInvalid, actor: request.actor, language: language, conn)
                }
            },
        ]
    }

    /// The badges of the body: CSV when `Content-Type` says `text/csv`, JSON otherwise.
    static func items(_ request: RouteRequest, language: Language) throws -> [[String: String]] {
        guard !request.body.isEmpty else { throw CarnetError.malformed(detail: "The request needs a body: JSON {\"items\": [...]} or CSV.", field: nil) }
        if (request.headers["content-type"] ?? "").lowercased().hasPrefix("text/csv") {
            guard let text = String(bytes: request.body, encoding: .utf8) else { throw CarnetError.malformed(detail: "The CSV is not UTF-8 text.", field: nil) }
            return try BulkCaptureService.items(csv: text)
        }
        let body: JSONValue
        do {
            body = try CarnetJSON.decoder.decode(JSONValue.self, from: Data(request.body))
        } catch {
            throw CarnetError.malformed(detail: "The body is not JSON.", field: nil)
        }
        guard case .object(let members) = body, case .array(let list)? = members["items"] else {
            throw CarnetError.validation([FieldError("items", L10n.text("capture.bulk_items", language))])
        }
        var problems: [FieldError] = []
        var items: [[String: String]] = []
        for (index, item) in list.enumerated() {
            do {
                items.append(try SubmissionValues.read(item, prefix: "items[\(index)]", language: language))
            } catch {
                if case .validation(let errors) = error { problems += errors }
            }
        }
        if !problems.isEmpty { throw CarnetError.validation(problems) }
        return items
    }
}
