import CarnetCore
import CarnetLeadScoring
import CarnetNurturing
import CarnetStore
import Foundation
import Hummingbird

/// What the growth modules add to the contact card: the lead score with its explanation
/// (`leadscoring`), and the contact's sequences with a way to enroll it and to stop one
/// (`nurturing`). Read in the card's transaction, a query or two per module that is on.
struct ContactGrowthPanels {
    static let scoring = LeadScoringModule().id
    static let nurturing = NurturingModule().id

    var score: ContactScore?
    var enrollments: [(enrollment: Enrollment, sequence: String, steps: Int)] = []
    var activeSequences: [(id: String, name: String)] = []

    /// Reads the panels of the modules on in `modules`.
    static func read(contactID: String, modules: Set<String>, language: Language, _ conn: any SQLConnection) throws -> ContactGrowthPanels {
        var panels = ContactGrowthPanels()
        if modules.contains(scoring) {
            panels.score = try? ScoreService().get(contactID, language: language, conn)
        }
        if modules.contains(nurturing) {
            let rows = try conn.query("""
                SELECT e.*, s.name AS sequence_name, s.definition_json FROM nurture_enrollments e JOIN nurture_sequences s ON s.id = e.sequence_id
                WHERE e.contact_id = ? ORDER BY e.id DESC LIMIT 20
                """, [.text(contactID)])
            panels.enrollments = rows.map { row in
                var steps = 0
                if case .object(let fields) = row.json("definition_json", as: JSONValue.self, fallback: .null), case .array(let list)? = fields["steps"] {
                    steps = list.count
                }
                return (EnrollmentService.enrollment(row), row.string("sequence_name") ?? "", steps)
            }
            panels.activeSequences = try conn.query("SELECT id, name FROM nurture_sequences WHERE status = 'active' ORDER BY name LIMIT 100", [])
                .map { ($0.string("id") ?? "", $0.string("name") ?? "") }
        }
        return panels
    }

    /// The template's data: `scoring` and `score` with lead scoring on; `nurturing`, `enrollments`,
    /// `sequence_options` and `can_enroll` with nurturing on.
    func data(contactID: String, modules: Set<String>, language: Language, zone: TimeZone) -> [String: Any] {
        var data: [String: Any] = [:]
        if modules.contains(Self.scoring) {
            data["scoring"] = true
            if let score {
                data["score"] = [
                    "value": score.score, "band": score.band.rawValue, "band_label": L10n.text("web.band_\(score.band.rawValue)", language),
                    "computed": WebFormat.dateTime(score.computedAt, language: language, zone: zone),
                    "explanation": score.explanation.map { item in
                        ["label": item.label, "detail": item.detail, "points": item.points > 0 ? "+\(item.points)" : "\(item.points)"]
                    },
                ] as [String: Any]
            }
        }
        if modules.contains(Self.nurturing) {
            data["nurturing"] = true
            let enrolled = Set(enrollments.map(\.enrollment.sequenceID))
            data["enrollments"] = enrollments.map { entry -> [String: Any] in
                let enrollment = entry.enrollment
                let state: String = switch enrollment.status {
                case .active:
                    L10n.text("web.enrollment_active", language, [
                        "step": String(enrollment.nextStep ?? 1), "count": String(entry.steps),
                        "at": enrollment.nextAt.map { WebFormat.dateTime($0, language: language, zone: zone) } ?? "",
                    ])
                case .completed:
                    L10n.text("web.enrollment_completed", language, ["at": WebFormat.dateTime(enrollment.endedAt ?? enrollment.startedAt, language: language, zone: zone)])
                case .exited:
                    L10n.text("web.enrollment_exited", language, ["reason": L10n.text("web.exit_\(enrollment.exitReason?.rawValue ?? "stopped")", language)])
                }
                return ["id": enrollment.id, "sequence": entry.sequence, "state": state, "active": enrollment.status == .active, "contact_id": contactID]
            }
            let options = activeSequences.filter { !enrolled.contains($0.id) }.map { ["id": $0.id, "name": $0.name] }
            data["sequence_options"] = options
            data["can_enroll"] = !options.isEmpty
        }
        return data
    }

    /// `POST /contacts/{id}/sequences` (enroll) and `POST /enrollments/{id}/stop`, back to the
    /// card; a refusal (a paused sequence, an ended enrollment) shows the card with its reason.
    static func register(_ pages: PageRouter, kit: WebKit) {
        let enrollments = EnrollmentService(context: kit.services.context, jobs: kit.services.jobs)
        pages.post("/contacts/{id}/sequences") { page in
            let id = try page.parameter("id")
            let (sequence, actor, language) = (page.form["sequence_id"] ?? "", page.actor, page.language)
            return try await change(kit, page, contactID: id) { conn in
                _ = try enrollments.enrollManually(sequence, contactID: id, actor: actor, language: language, conn)
            }
        }
        pages.post("/enrollments/{id}/stop") { page in
            let id = try page.parameter("id")
            let (actor, language) = (page.actor, page.language)
            let contactID = try await kit.services.database.read { conn in try enrollments.get(id, conn).contactID }
            return try await change(kit, page, contactID: contactID) { conn in _ = try enrollments.stop(id, actor: actor, language: language, conn) }
        }
    }

    private static func change(_ kit: WebKit, _ page: PageRequest, contactID: String,
                               _ body: @escaping @Sendable (any SQLConnection) throws -> Void) async throws -> Response {
        do {
            try await kit.services.database.write(body)
            return Response.redirect(to: "/contacts/\(contactID)#sequences", type: .normal)
        } catch let error as CarnetError {
            var data = try await ContactPages.card(kit, page, id: contactID)
            data.merge(WebErrors.form(error, values: page.form, language: page.language)) { _, new in new }
            return kit.renderer.response("contact", data, status: .unprocessableContent)
        }
    }
}
