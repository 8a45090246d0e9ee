import CarnetCore
import CarnetMail
import CarnetStore
import Foundation

/// `/api/v1/sequences` and `/api/v1/enrollments`: nurturing sequences, who is going through
/// them, enrolling and stopping by hand, each sequence's report, and the replies taken in.
struct SequenceRoutes {
    let mail: MailSettings

    var all: [ModuleRoute] {
        let ownAddress = mail.from.address
        let sequences: @Sendable (RouteRequest) -> SequenceService = { SequenceService(context: $0.carnet.context, jobs: $0.carnet.jobs) }
        let enrollments: @Sendable (RouteRequest) -> EnrollmentService = { EnrollmentService(context: $0.carnet.context, jobs: $0.carnet.jobs) }
        return [
            ModuleRoute(.get, "sequences", permission: .read, summary: "List nurturing sequences by name") { request in
                let (limit, cursor) = (try Cursor.limit(request.query["limit"]), request.query["cursor"])
                let page = try await request.carnet.database.read { conn in try sequences(request).list(limit: limit, cursor: cursor, conn) }
                return try RouteResponse(encoding: page)
            },
            ModuleRoute(.post, "sequences", permission: .manage, summary: "Create a sequence") { request in
                let patch = try request.decode(SequencePatch.self)
                let language = try Self.language(request)
                return try await request.write(status: 201) { conn in try sequences(request).create(patch, actor: request.actor, language: language, conn) }
            },
            ModuleRoute(.get, "sequences/{id}", permission: .read, summary: "Get a sequence") { request in
                let id = try Self.id(request)
                return try RouteResponse(encoding: try await request.carnet.database.read { conn in try sequences(request).get(id, conn) })
            },
            ModuleRoute(.patch, "sequences/{id}", permission: .manage, summary: "Change, pause or resume a sequence") { request in
                let id = try Self.id(request)
                let patch = try request.decode(SequencePatch.self)
                let (language, version) = (try Self.language(request), try request.expectedVersion())
                return try await request.write { conn in
                    try sequences(request).update(id, patch, expectedVersion: version, actor: request.actor, language: language, conn)
                }
            },
            ModuleRoute(.get, "sequences/{id}/report", permission: .read, summary: "Enrolled, active, completed, exited by reason, converted to a deal") { request in
                let id = try Self.id(request)
                return try RouteResponse(encoding: try await request.carnet.database.read { conn in try enrollments(request).report(id, conn) })
            },
            ModuleRoute(.get, "sequences/{id}/enrollments", permission: .read, summary: "A sequence's enrollments, newest first") { request in
                let id = try Self.id(request)
                let (limit, cursor) = (try Cursor.limit(request.query["limit"]), request.query["cursor"])
                var status: EnrollmentStatus?
                if let text = request.query["status"] {
                    guard let value = EnrollmentStatus(rawValue: text) else {
                        throw CarnetError.validation([FieldError("status", L10n.text("nurture.enrollment_status", try Self.language(request)))])
                    }
                    status = value
                }
                let filter = status
                let page = try await request.carnet.database.read { conn in
                    try enrollments(request).list(sequenceID: id, status: filter, limit: limit, cursor: cursor, conn)
                }
                return try RouteResponse(encoding: page)
            },
            ModuleRoute(.post, "sequences/{id}/enrollments", permission: .write, summary: "Enroll a contact by hand") { request in
                let id = try Self.id(request)
                let body = try request.decode(EnrollmentRequest.self)
                let language = try Self.language(request)
                return try await request.write(status: 201) { conn in
                    try enrollments(request).enrollManually(id, contactID: body.contactID, actor: request.actor, language: language, conn)
                }
            },
            ModuleRoute(.post, "sequences/replies", permission: .write, summary: "Take in a reply to a sequence e-mail (Content-Type: message/rfc822)") { request in
                guard request.headers["content-type"].map({ MIMEHeaders.parameterized($0).value }) == "message/rfc822" else {
                    throw CarnetError.malformed(detail: "Send the raw e-mail as the body, with Content-Type: message/rfc822.", field: "Content-Type")
                }
                guard !request.body.isEmpty else { throw CarnetError.validation([FieldError("message", "is empty")]) }
                let (replies, body) = (ReplyService(context: request.carnet.context, ownAddress: ownAddress), request.body)
                return try await request.write { conn in try replies.receive(body, actor: request.actor, conn) }
            },
            ModuleRoute(.get, "enrollments/{id}", permission: .read, summary: "Get an enrollment") { request in
                let id = try Self.id(request)
                return try RouteResponse(encoding: try await request.carnet.database.read { conn in try enrollments(request).get(id, conn) })
            },
            ModuleRoute(.post, "enrollments/{id}/stop", permission: .write, summary: "Stop an enrollment: nothing more is sent") { request in
                let id = try Self.id(request)
                let language = try Self.language(request)
                return try await request.write { conn in try enrollments(request).stop(id, actor: request.actor, language: language, conn) }
            },
        ]
    }

    static func id(_ request: RouteRequest) throws -> String {
        guard let id = request.parameters["id"] else { throw CarnetError.malformed(detail: "Missing path parameter id.", field: "id") }
        return id
    }

    /// `?lang=fr` for French messages; English otherwise.
    static func language(_ request: RouteRequest) throws -> Language {
        try QueryValue.language(request.query["lang"])
    }
}
