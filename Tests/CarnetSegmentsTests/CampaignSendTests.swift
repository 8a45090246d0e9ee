import CarnetCore
import CarnetMail
import CarnetSegments
import CarnetStore
import CarnetTestSupport
import Foundation
import Logging
import Testing

@Suite("Campaign sending through a real SMTP server")
struct CampaignSendTests {
    static let logger: Logger = {
        var logger = Logger(label: "carnet.tests.segments")
        logger.logLevel = .critical
        return logger
    }()

    /// A job worker with the module's handlers, as a server process would run it.
    func worker(_ world: SegmentsWorld, id: String) -> JobWorker {
        var settings = JobSettings()
        settings.leaseSeconds = 60
        return JobWorker(database: world.services.database, queue: world.services.jobs, handlers: world.module.background(world.services).handlers,
                         settings: settings, id: id, logger: Self.logger)
    }

    func statuses(_ world: SegmentsWorld, _ names: [String: String], campaign: String) async throws -> [String: String] {
        let rows = try await world.read { conn in
            try conn.query("SELECT contact_id, status FROM campaign_recipients WHERE campaign_id = ?", [.text(campaign)])
                .map { ($0.string("contact_id") ?? "", $0.string("status") ?? "") }
        }
        return Dictionary(uniqueKeysWithValues: rows.map { (names[$0.0] ?? $0.0, $0.1) })
    }

    func setConsent(_ world: SegmentsWorld, _ contact: Contact, optIn: Bool? = nil, doNotEmail: Bool? = nil) async throws {
        var patch = ContactPatch()
        if let optIn { patch.emailOptIn = optIn }
        if let doNotEmail { patch.doNotEmail = doNotEmail }
        let input = patch
        _ = try await world.write { [services = world.services] conn in
            try services.contacts.update(contact.id, input, expectedVersion: nil, actor: .system, conn)
        }
    }

    @Test("only consenting contacts get mail, checked at snapshot, at queueing and at sending; a restart resumes without duplicates",
          arguments: Backend.available)
    func consentAndResume(backend: Backend) async throws {
        let server = try await SMTPServer.start()
        defer { server.stop() }
        let settings = SegmentsSettings(campaignRatePerMinute: 2, tracking: true, publicURL: "https://crm.example.com")
        try await SegmentsWorld.with(backend, settings: settings, mail: server.mail) { world in
            let a = try await Audience.build(world)
            let gus = try await world.contact {
                $0.firstName = "gus"
                $0.email = "gus@example.com"
                $0.emailOptIn = true
            }
            let names = a.names.merging([gus.id: "gus"]) { first, _ in first }
            let manager = Actor(userID: a.owner1.id, role: .manager, name: "u1")
            let campaign = try await world.write { [segments = world.segments, campaigns = world.campaigns] conn in
                let segment = try segments.create(SegmentPatch(name: "Everyone", filter: JSONValue.all()), actor: manager, conn)
                let campaign = try campaigns.create(CampaignPatch(name: "March news", segmentID: segment.id, subject: "Hello {{contact.first_name}}",
                                                                  body: "Dear {{contact.name}},\n\nSee https://example.com/spring for our news."),
                                                    actor: manager, conn)
                return try campaigns.schedule(campaign.id, sendAt: nil, expectedVersion: nil, actor: manager, conn)
            }
            #expect(campaign.status == .scheduled)

            // The first run takes the recipients and queues the first batch of two (ana, ben).
            #expect(try await worker(world, id: "w1").runDue() == 1)
            #expect(try await statuses(world, names, campaign: campaign.id) == [
                "ana": "queued", "ben": "queued", "cleo": "skipped_no_consent", "dan": "skipped_no_consent", "eve": "skipped_no_email", "gus": "pending",
            ])
            // Consent withdrawn meanwhile: ben after being queued, gus before.
            try await setConsent(world, a.ben, optIn: false)
            try await setConsent(world, gus, doNotEmail: true)

            // The process restarts: a new worker picks up where the first left off.
            let restarted = worker(world, id: "w2")
            #expect(try await restarted.runDue() == 1)
            world.clock.advance(by: 30)
            #expect(try await restarted.runDue() == 1)
            world.clock.advance(by: 30)
            #expect(try await restarted.runDue() == 1)
            world.clock.advance(by: 3_600)
            #expect(try await restarted.runDue() == 0)
            // Running the campaign job again once it is sent does nothing.
            try await world.write { [world] conn in
                try CampaignSender(context: world.services.context, jobs: world.services.jobs, settings: world.settings, mail: world.mail)
                    .run(campaignID: campaign.id, conn)
            }

            #expect(try await statuses(world, names, campaign: campaign.id) == [
                "ana": "sent", "ben": "skipped_no_consent", "cleo": "skipped_no_consent", "dan": "skipped_no_consent", "eve": "skipped_no_email",
                "gus": "skipped_no_consent",
            ])
            let received = try server.received()
            try #require(received.count == 1)
            #expect(received[0].recipients == ["ana@example.com"])
            let raw = received[0].text
            #expect(raw.contains("Subject: Hello ana\r\n"))
            #expect(raw.contains("\r\nList-Unsubscribe: <https://crm.example.com/u/rcp_\(campaign.id)_\(a.ana.id)."))
            #expect(raw.contains("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"))
            let body = quotedPrintableDecoded(raw)
            #expect(body.contains("Dear ana Martin,"))
            #expect(body.contains("To unsubscribe: https://crm.example.com/u/rcp_\(campaign.id)_\(a.ana.id)."))
            #expect(body.contains("<a href=\"https://crm.example.com/t/c/rcp_\(campaign.id)_\(a.ana.id)."))
            #expect(body.contains("?u=https%3A%2F%2Fexample.com%2Fspring\">https://example.com/spring</a>"))
            #expect(body.contains("<img src=\"https://crm.example.com/t/o/rcp_\(campaign.id)_\(a.ana.id)."))

            let report = try await world.read { [campaigns = world.campaigns] conn in try campaigns.report(campaign.id, conn) }
            #expect(report.status == .sent)
            #expect(report.recipients == 6)
            #expect(report.byStatus["sent"] == 1 && report.byStatus["skipped_no_consent"] == 4 && report.byStatus["skipped_no_email"] == 1)
            #expect(report.byStatus["queued"] == 0 && report.byStatus["pending"] == 0)
        }
    }

    @Test("an unsubscribed contact, or one sharing its address, is skipped by the next campaign", arguments: Backend.available)
    func unsubscribedSkipped(backend: Backend) async throws {
        let server = try await SMTPServer.start()
        defer { server.stop() }
        try await SegmentsWorld.with(backend, settings: SegmentsSettings(campaignRatePerMinute: 100), mail: server.mail) { world in
            let a = try await Audience.build(world)
            let manager = Actor(userID: a.owner1.id, role: .manager, name: "u1")
            let segment = try await world.write { [segments = world.segments] conn in
                try segments.create(SegmentPatch(name: "Bretagne", filter: JSONValue.all(.condition("region", "eq", .string("Bretagne")))), actor: manager, conn)
            }
            func send(_ name: String) async throws -> Campaign {
                let campaign = try await world.write { [campaigns = world.campaigns] conn in
                    let campaign = try campaigns.create(CampaignPatch(name: name, segmentID: segment.id, subject: name, body: "News"), actor: manager, conn)
                    return try campaigns.schedule(campaign.id, sendAt: nil, expectedVersion: nil, actor: manager, conn)
                }
                // The e-mails of a batch are spread over the minute: a few minutes see them all out.
                let worker = worker(world, id: name)
                for _ in 0..<3 {
                    while try await worker.runDue() > 0 {}
                    world.clock.advance(by: 60)
                }
                return campaign
            }
            let first = try await send("First")
            #expect(try await statuses(world, a.names, campaign: first.id) == ["ana": "sent", "ben": "sent"])
            // ana unsubscribes through the first campaign's link.
            let token = try await world.read { conn in
                try conn.queryOne("SELECT j.payload FROM jobs j WHERE j.kind = 'segments.mail' AND j.payload LIKE ?", [.text("%\(a.ana.id)%")])?.string("payload") ?? ""
            }
            let link = try #require(token.range(of: "/u/").map { String(token[$0.upperBound...].prefix { $0 != ">" && $0 != "\"" && $0 != "\\" }) })
            try await world.write { [world] conn in
                _ = try CampaignTracking(context: world.services.context, settings: world.settings).unsubscribe(link, conn)
                _ = try CampaignTracking(context: world.services.context, settings: world.settings).unsubscribe(link, conn)
            }
            let events = try await world.read { [services = world.services] conn in try services.changes.events(entity: "contact", id: a.ana.id, conn) }
            #expect(events.filter { $0.type == "campaign.unsubscribed" }.count == 1)
            let second = try await send("Second")
            #expect(try await statuses(world, a.names, campaign: second.id) == ["ana": "skipped_unsubscribed", "ben": "sent"])
            #expect(try server.received().map(\.recipients) == [["ana@example.com"], ["ben@example.com"], ["ben@example.com"]])
        }
    }

    @Test("an unknown merge field is refused at save, naming it", arguments: Backend.available)
    func unknownMergeField(backend: Backend) async throws {
        try await SegmentsWorld.with(backend) { world in
            let a = try await Audience.build(world)
            let manager = Actor(userID: a.owner1.id, role: .manager, name: "u1")
            let error = await #expect(throws: CarnetError.self) {
                try await world.write { [segments = world.segments, campaigns = world.campaigns] conn in
                    let segment = try segments.create(SegmentPatch(name: "All", filter: JSONValue.all()), actor: manager, conn)
                    _ = try campaigns.create(CampaignPatch(name: "X", segmentID: segment.id, subject: "Hi {{contact.frist_name}}", body: "Body"),
                                             actor: manager, conn)
                }
            }
            guard case .validation(let problems)? = error else { Issue.record("not a validation error: \(String(describing: error))"); return }
            #expect(problems.map(\.field) == ["subject"])
            #expect(problems.first?.message.hasPrefix("uses “contact.frist_name”, which is not a merge field") == true)
        }
    }
}
