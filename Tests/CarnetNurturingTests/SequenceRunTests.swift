import CarnetCore
import CarnetMail
import CarnetNurturing
import CarnetSegments
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Sequences running through a real SMTP server")
struct SequenceRunTests {
    /// The shipped example, as an admin would post it.
    static var whitepaper: String {
        get throws {
            try String(contentsOf: SequenceParserTests.root.appendingPathComponent("config/nurturing/whitepaper.json"), encoding: .utf8)
        }
    }

    /// Runs `body` on a fresh world whose mail goes to a real SMTP server, the shipped
    /// whitepaper sequence created.
    static func withWhitepaper(_ backend: Backend, _ body: @Sendable (NurturingWorld, SMTPServer, NurtureSequence) async throws -> Void) async throws {
        let server = try await SMTPServer.start()
        defer { server.stop() }
        try await NurturingWorld.with(backend, mail: server.mail) { world in
            try await body(world, server, try await world.sequence(try whitepaper))
        }
    }

    /// The subjects received so far, for `address`.
    func subjects(_ server: SMTPServer, to address: String) throws -> [String] {
        try server.received().filter { $0.recipients.contains(address) }.compactMap { message in
            message.text.components(separatedBy: "\r\n").first { $0.hasPrefix("Subject: ") }.map { String($0.dropFirst(9)) }
        }
    }

    func tasks(_ world: NurturingWorld, of contact: Contact) async throws -> [String] {
        try await world.read { conn in
            try conn.query("SELECT title, assignee_id FROM tasks WHERE contact_id = ? ORDER BY id", [.text(contact.id)]).map { "\($0.string("title") ?? "") → \($0.string("assignee_id") ?? "")" }
        }
    }

    @Test("the whitepaper sequence: e-mail now, after 3 days, a task for the owner at 7 days when a link was clicked, e-mail at 14; then complete",
          arguments: Backend.available)
    func whitepaper(backend: Backend) async throws {
        try await SequenceRunTests.withWhitepaper(backend) { world, server, sequence in
            let owner = try await world.user("owner@example.com")
            let ana = try await world.lead("Ana", owner: owner)
            let bob = try await world.lead("Bob", owner: owner)
            try await world.submitForm("whitepaper", by: ana)
            try await world.submitForm("whitepaper", by: bob)
            try await world.submitForm("pricing", by: bob)
            try await world.work()
            #expect(try subjects(server, to: "ana@example.com") == ["Your whitepaper, Ana"])
            #expect(try subjects(server, to: "bob@example.com") == ["Your whitepaper, Bob"])
            // The same form again enrolls nobody twice.
            try await world.submitForm("whitepaper", by: ana)
            try await world.travel(days: 2.9)
            #expect(try server.received().count == 2)

            try await world.travel(days: 0.2)
            #expect(try subjects(server, to: "ana@example.com") == ["Your whitepaper, Ana", "Three ideas from the whitepaper"])
            // Ana clicks the link of her second e-mail; Bob does not.
            let token = try await world.token(ana, step: 3)
            let target = try await world.write { [tracking = world.tracking] conn in try tracking.click(token, url: "https://example.com/whitepaper/ideas", conn) }
            #expect(target == "https://example.com/whitepaper/ideas")

            try await world.travel(days: 4)
            #expect(try await tasks(world, of: ana) == ["Call Ana Durand: they clicked the whitepaper e-mails → \(owner.id)"])
            #expect(try await tasks(world, of: bob).isEmpty)
            #expect(try await world.enrollment(sequence, ana)?.nextStep == 8)

            try await world.travel(days: 7)
            #expect(try subjects(server, to: "ana@example.com").last == "Shall we talk, Ana?")
            #expect(try subjects(server, to: "bob@example.com").count == 3)
            #expect(try await world.enrollment(sequence, ana)?.status == .completed)
            let report = try await world.read { [enrollments = world.enrollments] conn in try enrollments.report(sequence.id, conn) }
            #expect(report.enrolled == 2 && report.completed == 2 && report.active == 0)
            #expect(report.emails["sent"] == 6 && report.clicked == 1)
        }
    }

    @Test("a reply, a deal, an unsubscribe or an archived contact ends the enrollment: nothing more is sent", arguments: Backend.available)
    func exits(backend: Backend) async throws {
        try await SequenceRunTests.withWhitepaper(backend) { world, server, sequence in
            let (ana, bob, cleo, dan) = (try await world.lead("Ana"), try await world.lead("Bob"), try await world.lead("Cleo"), try await world.lead("Dan"))
            for contact in [ana, bob, cleo, dan] { try await world.submitForm("whitepaper", by: contact) }
            try await world.work()
            #expect(try server.received().count == 4)
            world.clock.advance(by: 3_600)

            // Ana's reply is logged as an e-mail activity; a deal is opened for Bob.
            var reply = ActivityInput(kind: .email)
            reply.contactID = ana.id
            reply.subject = "Re: Your whitepaper"
            var deal = DealPatch()
            deal.title = "Bob's project"
            deal.contactID = bob.id
            deal.nextAction = "Send the proposal"
            deal.nextActionAt = world.clock.now.addingTimeInterval(86_400)
            let (activity, newDeal) = (reply, deal)
            try await world.write { [services = world.services] conn in
                _ = try services.activities.create(activity, actor: .system, conn)
                _ = try services.deals.create(newDeal, actor: .system, conn)
                _ = try services.contacts.archive(dan.id, expectedVersion: nil, actor: .system, conn)
            }
            // Cleo unsubscribes with the link of her first e-mail.
            let token = try await world.token(cleo, step: 1)
            _ = try await world.write { [tracking = world.tracking] conn in try tracking.unsubscribe(token, conn) }
            try await world.work()
            try await world.travel(days: 20)

            #expect(try server.received().count == 4)
            #expect(try await world.enrollment(sequence, ana)?.exitReason == .replied)
            #expect(try await world.enrollment(sequence, bob)?.exitReason == .dealOpened)
            #expect(try await world.enrollment(sequence, cleo)?.exitReason == .unsubscribed)
            #expect(try await world.enrollment(sequence, dan)?.exitReason == .contactRemoved)
            let report = try await world.read { [enrollments = world.enrollments] conn in try enrollments.report(sequence.id, conn) }
            #expect(report.exited == ["replied": 1, "deal_opened": 1, "unsubscribed": 1, "became_customer": 0, "stopped": 0, "contact_removed": 1])
            #expect(report.converted == 1 && report.conversionRate == 0.25)
        }
    }

    @Test("a step job cut by a crash runs again once: no e-mail twice, none skipped", arguments: Backend.available)
    func crash(backend: Backend) async throws {
        try await SequenceRunTests.withWhitepaper(backend) { world, server, sequence in
            let ana = try await world.lead("Ana")
            try await world.submitForm("whitepaper", by: ana)
            try await world.work()
            world.clock.advance(by: 3 * 86_400)
            // A process claims the due step job, then dies before committing anything.
            let claimed = try await world.write { [jobs = world.services.jobs] conn in
                try jobs.claim(limit: 10, worker: "dead", leaseSeconds: 60, kinds: [NurturingModule.stepJob], conn)
            }
            #expect(claimed.count == 1)
            // Another process finds the job leased; once the lease has run out it runs it.
            try await world.work()
            #expect(try server.received().count == 1)
            world.clock.advance(by: 61)
            try await world.work()
            try await world.work()
            #expect(try subjects(server, to: "ana@example.com") == ["Your whitepaper, Ana", "Three ideas from the whitepaper"])
            #expect(try await world.enrollment(sequence, ana)?.nextStep == 5)
        }
    }

    @Test("pausing holds enrollments at their step and resuming runs it once; a disabled module pauses and resumes too", arguments: Backend.available)
    func pause(backend: Backend) async throws {
        try await SequenceRunTests.withWhitepaper(backend) { world, server, sequence in
            let ana = try await world.lead("Ana")
            try await world.submitForm("whitepaper", by: ana)
            try await world.work()
            let paused = try await world.write { [sequences = world.sequences] conn in
                try sequences.update(sequence.id, SequencePatch(status: .paused), expectedVersion: nil, actor: .system, conn)
            }
            try await world.travel(days: 5)
            #expect(try server.received().count == 1)
            // A paused sequence enrolls nobody.
            let bob = try await world.lead("Bob")
            try await world.submitForm("whitepaper", by: bob)
            try await world.work()
            #expect(try await world.enrollment(sequence, bob) == nil)

            _ = try await world.write { [sequences = world.sequences] conn in
                try sequences.update(sequence.id, SequencePatch(status: .active), expectedVersion: paused.version, actor: .system, conn)
            }
            try await world.work()
            #expect(try subjects(server, to: "ana@example.com") == ["Your whitepaper, Ana", "Three ideas from the whitepaper"])

            // Off, the module's jobs wait; on again, the step due meanwhile runs, once.
            try await world.services.disableModule("nurturing", actor: .system)
            try await world.travel(days: 15)
            #expect(try server.received().count == 2)
            try await world.services.enableModule("nurturing", actor: .system)
            try await world.work()
            try await world.travel(days: 8)
            #expect(try subjects(server, to: "ana@example.com").count == 3)
            #expect(try await world.enrollment(sequence, ana)?.status == .completed)
        }
    }

    @Test("tags, score bands and segments enroll; a contact without consent goes through the steps but gets no mail", arguments: Backend.available)
    func triggers(backend: Backend) async throws {
        let server = try await SMTPServer.start()
        defer { server.stop() }
        try await NurturingWorld.with(backend, mail: server.mail) { world in
            let step = #"[{"kind":"email","subject":"Hello {{contact.first_name}}","body":"Hello"}, {"kind":"tag","tag":"nurtured"}]"#
            let byTag = try await world.sequence(#"{"name":"Tagged","trigger":{"kind":"tag_added","tag":"Webinar"},"steps":\#(step)}"#)
            let byBand = try await world.sequence(#"{"name":"Warm","trigger":{"kind":"score_band","band":"warm"},"steps":\#(step)}"#)
            let segment = try await world.write { [services = world.services] conn in
                try SegmentService(context: services.context).create(SegmentPatch(name: "French", filter: .object(["all": .array([
                    .object(["field": .string("country"), "op": .string("eq"), "value": .string("FR")]),
                ])])), actor: .system, conn)
            }
            let bySegment = try await world.sequence(#"{"name":"French","trigger":{"kind":"segment_entered","segment_id":"\#(segment.id)"},"steps":\#(step)}"#)

            let ana = try await world.lead("Ana", tags: ["webinar"])
            let bob = try await world.lead("Bob", optIn: false)
            var patch = ContactPatch()
            patch.tags = ["Webinar"]
            patch.country = "FR"
            let change = patch
            _ = try await world.write { [services = world.services] conn in try services.contacts.update(bob.id, change, expectedVersion: nil, actor: .system, conn) }
            _ = try await world.write { [services = world.services] conn in
                try services.changes.event("lead.score_changed", entity: "contact", id: ana.id, actor: .system,
                                           payload: .object(["contact_id": .string(ana.id), "band": .string("hot"), "previous_band": .string("cold")]), conn)
            }
            try await world.work()
            try await world.travel(days: 1)

            #expect(try await world.enrollment(byTag, ana)?.status == .completed)
            #expect(try await world.enrollment(byTag, bob)?.status == .completed)
            #expect(try await world.enrollment(byBand, ana)?.source == "score_band")
            #expect(try await world.enrollment(bySegment, bob)?.source == "segment_entered")
            #expect(try await world.enrollment(bySegment, ana) == nil)
            #expect(try subjects(server, to: "ana@example.com") == ["Hello Ana", "Hello Ana"])
            #expect(try subjects(server, to: "bob@example.com").isEmpty)
            let bobNow = try await world.read { [services = world.services] conn in try services.contacts.get(bob.id, conn) }
            #expect(bobNow.tags.contains("nurtured"))
            let skipped = try await world.read { conn in try conn.query("SELECT status FROM nurture_messages WHERE contact_id = ?", [.text(bob.id)]).map { $0.string("status") ?? "" } }
            #expect(skipped == ["skipped_no_consent", "skipped_no_consent"])
        }
    }
}

extension SequenceRunTests {
    @Test("a step refused every time (a contact at its tag limit, no owner for a task) is passed and logged; the sequence goes on",
          arguments: Backend.available)
    func refusedStep(backend: Backend) async throws {
        let server = try await SMTPServer.start()
        defer { server.stop() }
        try await NurturingWorld.with(backend, mail: server.mail) { world in
            let sequence = try await world.sequence(#"""
                {"name": "Full", "trigger": {"kind": "manual"}, "steps": [{"kind": "tag", "tag": "one-too-many"},
                 {"kind": "task", "title": "{{contact.title}}"}, {"kind": "email", "subject": "Still here", "body": "Hello"}]}
                """#)
            let owner = try await world.user("owner@example.com")
            let full = try await world.lead("Ana", owner: owner, tags: (1...Limits.listItems).map { "t\($0)" })
            _ = try await world.write { [enrollments = world.enrollments] conn in
                try enrollments.enrollManually(sequence.id, contactID: full.id, actor: .system, conn)
            }
            try await world.work()
            #expect(try await world.enrollment(sequence, full)?.status == .completed)
            #expect(try subjects(server, to: "ana@example.com") == ["Still here"])
            #expect(try await world.count("events", where: "type = 'nurture.step_skipped'") == 1)
            #expect(try await world.count("tasks") == 0, "a title of only an empty merge field makes no task")

            // With follow-ups off, a task step is passed and says why.
            try await world.services.disableModule("followups", actor: .system)
            let call = try await world.sequence(#"{"name": "Call", "trigger": {"kind": "manual"}, "steps": [{"kind": "task", "title": "Call {{contact.name}}"}]}"#)
            _ = try await world.write { [enrollments = world.enrollments] conn in
                try enrollments.enrollManually(call.id, contactID: full.id, actor: .system, conn)
            }
            try await world.work()
            #expect(try await world.enrollment(call, full)?.status == .completed)
            #expect(try await world.count("events", where: "type = 'nurture.step_skipped' AND payload LIKE '%followups%'") == 1)
            #expect(try await world.count("tasks") == 0)
        }
    }
}

extension SequenceRunTests {
    @Test("a build with the module never enabled (no tables) dispatches the other subscribers' events as before", arguments: Backend.available)
    func neverEnabled(backend: Backend) async throws {
        let catalog = ModuleCatalog([SegmentsModule(), NurturingModule()])
        try await TestDatabase.with(backend, catalog: catalog, enabledModules: []) { services in
            var others = catalog.background(services).subscribers
            others.append(OutboxSubscriber(id: "witness", eventTypes: ["contact.created"]) { _, _, _ in })
            let dispatcher = OutboxDispatcher(queue: services.jobs, subscribers: others)
            var patch = ContactPatch()
            patch.lastName = "Roux"
            let input = patch
            _ = try await services.database.write { conn in try services.contacts.create(input, actor: .system, conn) }
            let made = try await services.database.write { conn in try dispatcher.dispatch(limit: 100, conn) }
            #expect(made >= 1)
            let jobs = try await services.database.read { conn in
                try conn.query("SELECT kind FROM jobs", []).compactMap { $0.string("kind") }
            }
            #expect(jobs == ["event:witness"])
        }
    }

    @Test("with no active sequence and nobody enrolled, the module's subscriber gets no events", arguments: Backend.available)
    func idle(backend: Backend) async throws {
        try await NurturingWorld.with(backend, mail: MailSettings()) { world in
            _ = try await world.lead("Ana", tags: ["webinar"])
            try await world.work()
            #expect(try await world.count("jobs", where: "kind = 'event:nurturing'") == 0)
            _ = try await world.sequence(#"{"name": "Tagged", "trigger": {"kind": "tag_added", "tag": "webinar"}, "steps": [{"kind": "tag", "tag": "x"}]}"#)
            let bob = try await world.lead("Bob", tags: ["webinar"])
            try await world.work()
            #expect(try await world.count("jobs", where: "kind = 'event:nurturing'") > 0)
            #expect(try await world.count("nurture_enrollments", where: "contact_id = '\(bob.id)'") == 1)
        }
    }
}

@Suite("Replies to sequence e-mails")
struct ReplyTests {
    static func raw(from: String, subject: String, extra: String = "") -> [UInt8] {
        Array("From: Ana Durand <\(from)>\r\nTo: news@carnet.example\r\nSubject: \(subject)\r\nMessage-ID: <r1@example.com>\r\n\(extra)\r\nYes, let us talk.\r\n".utf8)
    }

    @Test("a reply is logged on its sender's contact and ends the sequence; an auto-reply or a stranger changes nothing", arguments: Backend.available)
    func replies(backend: Backend) async throws {
        try await SequenceRunTests.withWhitepaper(backend) { world, server, sequence in
            let ana = try await world.lead("Ana")
            try await world.submitForm("whitepaper", by: ana)
            try await world.work()
            world.clock.advance(by: 3_600)
            let replies = ReplyService(context: world.services.context, ownAddress: "news@carnet.example")
            let member = Actor(userID: nil, role: .member, name: "Mail server")
            let automatic = try await world.write { conn in
                try replies.receive(Self.raw(from: "ana@example.com", subject: "Out of office", extra: "Auto-Submitted: auto-replied\r\n"), actor: member, conn)
            }
            #expect(automatic.action == .ignored)
            let stranger = try await world.write { conn in try replies.receive(Self.raw(from: "zoe@example.com", subject: "Hi"), actor: member, conn) }
            #expect(stranger.action == .unknownSender)
            try await world.work()
            #expect(try await world.enrollment(sequence, ana)?.status == .active)

            let reply = try await world.write { conn in try replies.receive(Self.raw(from: "ANA@example.com", subject: "Re: Your whitepaper, Ana"), actor: member, conn) }
            #expect(reply.action == .logged && reply.contactID == ana.id)
            try await world.work()
            #expect(try await world.enrollment(sequence, ana)?.exitReason == .replied)
            let logged = try await world.read { conn in
                try conn.queryOne("SELECT subject, body FROM activities WHERE id = ?", [.text(reply.activityID ?? "")])
            }
            #expect(logged?.string("subject") == "Re: Your whitepaper, Ana")
            #expect(logged?.string("body")?.contains("Yes, let us talk.") == true)
            try await world.travel(days: 20)
            #expect(try server.received().count == 1)
        }
    }
}
