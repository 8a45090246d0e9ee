import CarnetCore
import CarnetMail
import CarnetStore
import Foundation

/// `/api/v1/campaigns`: campaign e-mails to a segment, their preview, test send, schedule and report.
struct CampaignRoutes {
    let settings: SegmentsSettings
    let mail: MailSettings

    /// The body of `preview`: the contact to fill the merge fields with (the segment's first member when absent).
    struct PreviewRequest: Decodable {
        var contactID: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case contactID = "contact_id" }

        init(contactID: String? = nil) { self.contactID = contactID }

        init(from decoder: any Decoder) throws {
            try rejectUnknownKeys(in: decoder, known: CodingKeys.self)
            contactID = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .contactID)
        }
    }

    /// The body of `test`: where to send it, and optionally whose values to use.
    struct TestRequest: Decodable {
        var to: String
        var contactID: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case to, contactID = "contact_id" }

        init(from decoder: any Decoder) throws {
            try rejectUnknownKeys(in: decoder, known: CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            to = try c.decode(String.self, forKey: .to)
            contactID = try c.decodeIfPresent(String.self, forKey: .contactID)
        }
    }

    /// The body of `schedule`: when to send (now when absent or past).
    struct ScheduleRequest: Decodable {
        var sendAt: Date?

        enum CodingKeys: String, CodingKey, CaseIterable { case sendAt = "send_at" }

        init(sendAt: Date? = nil) { self.sendAt = sendAt }

        init(from decoder: any Decoder) throws {
            try rejectUnknownKeys(in: decoder, known: CodingKeys.self)
            sendAt = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Date.self, forKey: .sendAt)
        }
    }

    var all: [ModuleRoute] {
        let (settings, mail) = (self.settings, self.mail)
        let campaigns: @Sendable (RouteRequest) -> CampaignService = {
            CampaignService(context: $0.carnet.context, jobs: $0.carnet.jobs, settings: settings, mail: mail)
        }
        return [
            ModuleRoute(.get, "campaigns", permission: .read, summary: "List campaigns, newest first") { request in
                let (limit, cursor) = (try Cursor.limit(request.query["limit"]), request.query["cursor"])
                let page = try await request.carnet.database.read { conn in try campaigns(request).list(limit: limit, cursor: cursor, conn) }
                return try RouteResponse(encoding: page)
            },
            ModuleRoute(.post, "campaigns", permission: .write, summary: "Create a campaign") { request in
                let patch = try request.decode(CampaignPatch.self)
                let language = try RouteInput.language(request)
                return try await request.write(status: 201) { conn in try campaigns(request).create(patch, actor: request.actor, language: language, conn) }
            },
            ModuleRoute(.get, "campaigns/{id}", permission: .read, summary: "Get a campaign") { request in
                let id = try RouteInput.id(request)
                return try RouteResponse(encoding: try await request.carnet.database.read { conn in try campaigns(request).get(id, conn) })
            },
            ModuleRoute(.patch, "campaigns/{id}", permission: .write, summary: "Change a draft or scheduled campaign") { request in
                let id = try RouteInput.id(request)
                let patch = try request.decode(CampaignPatch.self)
                let (language, version) = (try RouteInput.language(request), try request.expectedVersion())
                return try await request.write { conn in
                    try campaigns(request).update(id, patch, expectedVersion: version, actor: request.actor, language: language, conn)
                }
            },
            ModuleRoute(.post, "campaigns/{id}/preview", permission: .read, summary: "The campaign's e-mail as one contact would get it") { request in
                let id = try RouteInput.id(request)
                let body = request.body.isEmpty ? PreviewRequest() : try request.decode(PreviewRequest.self)
                let language = try RouteInput.language(request)
                let preview = try await request.carnet.database.read { conn in
                    try campaigns(request).preview(id, contactID: body.contactID, language: language, conn)
                }
                return try RouteResponse(encoding: preview)
            },
            ModuleRoute(.post, "campaigns/{id}/test", permission: .write, summary: "Send the campaign's e-mail to one address") { request in
                let id = try RouteInput.id(request)
                let body = try request.decode(TestRequest.self)
                let language = try RouteInput.language(request)
                return try await request.write(status: 202) { conn in
                    try campaigns(request).sendTest(id, to: body.to, contactID: body.contactID, actor: request.actor, language: language, conn)
                }
            },
            ModuleRoute(.post, "campaigns/{id}/schedule", permission: .manage, summary: "Schedule the campaign's send") { request in
                let id = try RouteInput.id(request)
                let body = request.body.isEmpty ? ScheduleRequest() : try request.decode(ScheduleRequest.self)
                let (language, version) = (try RouteInput.language(request), try request.expectedVersion())
                return try await request.write { conn in
                    try campaigns(request).schedule(id, sendAt: body.sendAt, expectedVersion: version, actor: request.actor, language: language, conn)
                }
            },
            ModuleRoute(.get, "campaigns/{id}/report", permission: .read, summary: "A campaign's recipients per status, opens, clicks and unsubscribes") { request in
                let id = try RouteInput.id(request)
                return try RouteResponse(encoding: try await request.carnet.database.read { conn in try campaigns(request).report(id, conn) })
            },
        ]
    }
}
