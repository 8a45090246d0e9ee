import CarnetCore
import CarnetScripting
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

/// Plugins running against a real database: before-hooks inside the change's transaction,
/// after-hooks through the outbox, permissions, reload, actions, jobs and the runs log.
@Suite("Plugin host")
struct PluginHostTests {
    /// Its wall budget is well above the 100 ms default: a database busy with the other tests must not
    /// turn its veto into a budget stop.
    static let gate = PluginSource("gate", permissions: ["read:contacts"], hooks: ["before:deal.stage_changed": "gate"], extra: """
        [budgets]
        wall_ms = 5000
        """, main: """
        function gate(event)
          if event.to == "proposal" then
            local contact = crm.contacts.get(event.record.contact_id)
            if contact.title ~= "CEO" then
              crm.reject("No decision maker on " .. event.record.title)
            end
          end
        end
        """)

    static let toProposal = #"{"stage":"proposal","amount":500000,"expected_close":"2030-06-30"}"#

    @Test("a before-hook's veto refuses the change: 422 with its message, nothing stored, the run recorded", arguments: Backend.available)
    func veto(backend: Backend) async throws {
        try await PluginWorld.with(backend, [Self.gate]) { world in
            let contact = try await world.contact()
            let deal = try await world.deal(contactID: contact.id)
            let events = try await world.count("events")
            await #expect(throws: CarnetError.pluginRejected(plugin: "gate", message: "No decision maker on Roll-out")) {
                try await world.updateDeal(deal.id, Self.toProposal)
            }
            #expect(try await world.write { services, conn in try services.deals.get(deal.id, conn) }.stage == "lead")
            #expect(try await world.count("events") == events)
            #expect(try await world.count("deal_stage_history") == 1)
            let runs = try await world.runs("gate")
            #expect(runs.first?.outcome == .rejected)
            #expect(runs.first?.error == "No decision maker on Roll-out")
            #expect(runs.first?.target == "before:deal.stage_changed")
        }
    }

    @Test("the hook lets other changes through, and the move once the contact qualifies", arguments: Backend.available)
    func passes(backend: Backend) async throws {
        try await PluginWorld.with(backend, [Self.gate]) { world in
            let contact = try await world.contact(#"{"first_name":"Ana","last_name":"Lima","title":"CEO"}"#)
            let deal = try await world.deal(contactID: contact.id)
            #expect(try await world.updateDeal(deal.id, #"{"amount":1000}"#).amount == 1000)
            #expect(try await world.updateDeal(deal.id, Self.toProposal).stage == "proposal")
            #expect(try await world.runs("gate").map(\.outcome) == [.ok])
        }
    }

    @Test("crm.set changes the record before it is stored; a bad value is refused naming the field", arguments: Backend.available)
    func set(backend: Backend) async throws {
        let scorer = PluginSource("scorer", hooks: ["before:contact.created": "score", "before:contact.updated": "score"], main: """
            function score(event)
              local c = event.record
              crm.set("custom.score", (c.title and 50 or 0) + (c.email and 25 or 0))
              if c.last_name == "Bad" then crm.set("email", "not an address") end
            end
            """)
        try await PluginWorld.with(backend, [scorer]) { world in
            let contact = try await world.contact(#"{"first_name":"Ana","last_name":"Lima","title":"CFO","custom_fields":{"kept":true}}"#)
            #expect(contact.customFields["score"] == .number(50))
            #expect(contact.customFields["kept"] == .bool(true))
            let stored = try await world.write { services, conn in try services.contacts.get(contact.id, conn) }
            #expect(stored.customFields["score"] == .number(50))
            await #expect {
                try await world.contact(#"{"first_name":"Ana","last_name":"Bad"}"#)
            } throws: { error in
                guard case CarnetError.validation(let fields) = error else { return false }
                return fields.map(\.field) == ["email"]
            }
            #expect(try await world.count("contacts") == 1)
        }
    }

    @Test("a before-hook reads the record, the previous record and the changes; the event's metatable is out of reach", arguments: Backend.available)
    func eventFields(backend: Backend) async throws {
        let reader = PluginSource("reader", hooks: ["before:deal.updated": "read"], main: """
            function read(event)
              local listed = 0
              for _ in pairs(event) do listed = listed + 1 end
              local change = event.changes.title
              crm.set("custom.seen", table.concat({
                event.type, event.phase, event.entity, tostring(event.from), tostring(event.to),
                change.old, change.new, event.previous.title, event.record.title,
                tostring(event.changes.amount), tostring(getmetatable(event)), tostring(listed),
              }, "|"))
            end
            """)
        try await PluginWorld.with(backend, [reader]) { world in
            let contact = try await world.contact()
            let deal = try await world.deal(contactID: contact.id)
            let renamed = try await world.updateDeal(deal.id, #"{"title":"Pilot"}"#)
            #expect(renamed.customFields["seen"] == .string("deal.updated|before|deal|lead|lead|Roll-out|Pilot|Roll-out|Pilot|nil|false|6"))
        }
    }

    @Test("a write the plugin has no permission for fails the hook; the change is not stored", arguments: Backend.available)
    func permission(backend: Backend) async throws {
        let sneaky = PluginSource("sneaky", permissions: ["read:deals"], hooks: ["before:deal.updated": "sneak"], main: """
            function sneak(event)
              crm.deals.update(event.entity_id, { amount = 1 })
            end
            """)
        try await PluginWorld.with(backend, [sneaky]) { world in
            let contact = try await world.contact()
            let deal = try await world.deal(contactID: contact.id)
            await #expect {
                try await world.updateDeal(deal.id, #"{"title":"Renamed"}"#)
            } throws: { error in
                guard case CarnetError.pluginFailed(let plugin, let detail) = error else { return false }
                return plugin == "sneaky" && detail.contains("lacks the permission write:deals")
            }
            #expect(try await world.write { services, conn in try services.deals.get(deal.id, conn) }.title == "Roll-out")
        }
    }

    @Test("a before-hook that loops is stopped by its budget; the change is refused, the next one goes through, a second loop is cut at 10 ms",
          arguments: Backend.available)
    func budget(backend: Backend) async throws {
        // A wall budget well above the CPU one, so that on a busy machine the loop still spends
        // its CPU budget first (what starts the 2 ms penalty).
        let stuck = PluginSource("stuck", hooks: ["before:contact.updated": "spin"], extra: """
            [budgets]
            wall_ms = 5000
            """, main: """
            function spin(event)
              if event.record.first_name == "Loop" then while true do end end
            end
            """)
        try await PluginWorld.with(backend, [stuck]) { world in
            let contact = try await world.contact()
            let update = { @Sendable (name: String) in
                let patch = try PluginWorld.patch(ContactPatch.self, #"{"first_name":"\#(name)"}"#)
                return try await world.write { services, conn in try services.contacts.update(contact.id, patch, expectedVersion: nil, actor: .system, conn) }
            }
            let started = ContinuousClock.now
            await #expect {
                try await update("Loop")
            } throws: { error in
                guard case CarnetError.pluginFailed(_, let detail) = error else { return false }
                return detail.contains("budget exceeded") && detail.contains("stuck 1.0.0, main.lua:2")
            }
            #expect(ContinuousClock.now - started < .seconds(5))
            world.clock.advance(by: 1)
            #expect(try await update("Eva").firstName == "Eva")
            #expect(try await world.runs("stuck").map(\.outcome) == [.ok, .budget])
            // Having run away, its before-hooks get 10 ms of CPU for a minute: the next loop is cut
            // short, and a hook that takes microseconds still goes through.
            await #expect {
                try await update("Loop")
            } throws: { error in
                guard case CarnetError.pluginFailed(_, let detail) = error else { return false }
                return detail.contains("CPU time budget exceeded") && detail.contains("of 10 ms")
            }
            #expect(try await update("Zoe").firstName == "Zoe")
        }
    }

    @Test("a hook calling the host a million times is stopped at its host-call budget", arguments: Backend.available)
    func hostCalls(backend: Backend) async throws {
        // Time budgets well above what 10,000 calls take, so the host-call budget is the one spent.
        let chatty = PluginSource("chatty", hooks: ["before:contact.created": "chat"], extra: """
            [budgets]
            cpu_ms = 4000
            wall_ms = 8000
            """, main: """
            function chat(event)
              for _ = 1, 1000000 do crm.now() end
            end
            """)
        try await PluginWorld.with(backend, [chatty]) { (world: PluginWorld) async throws in
            await #expect {
                try await world.contact()
            } throws: { error in
                guard case CarnetError.pluginFailed(_, let detail) = error else { return false }
                return detail.contains("host call")
            }
            #expect(try await world.count("contacts") == 0)
        }
    }

    @Test("an after-hook runs from the outbox once per event; its own writes do not trigger it again", arguments: Backend.available)
    func afterHook(backend: Backend) async throws {
        let echo = PluginSource("echo", permissions: ["write:activities"], hooks: ["activity.logged": "echo", "deal.created": "welcome"], main: """
            function welcome(event)
              crm.activities.log({ kind = "note", deal_id = event.entity_id, subject = "Welcome " .. event.payload.title })
            end
            function echo(event)
              crm.activities.log({ kind = "note", deal_id = event.payload.deal_id, subject = "Echo of " .. event.id })
            end
            """)
        try await PluginWorld.with(backend, [echo]) { world in
            let contact = try await world.contact()
            let deal = try await world.deal(contactID: contact.id)
            try await world.dispatchAndWork()
            try await world.dispatchAndWork()
            let subjects = try await world.write { services, conn in
                try services.activities.list(ActivityQuery(dealID: deal.id), conn).items.compactMap(\.subject)
            }
            #expect(subjects == ["Welcome Roll-out"])
            let origin = try await world.services.database.read { conn in
                try conn.queryOne("SELECT origin FROM events WHERE type = 'activity.logged'", [])?.string("origin")
            }
            #expect(origin == "echo")
            #expect(try await world.count("jobs", where: "kind = 'plugin.hook'") == 1)
        }
    }

    @Test("a plugin's after-hook runs on another plugin's writes, and the chain is carried along", arguments: Backend.available)
    func chain(backend: Backend) async throws {
        let first = PluginSource("first", permissions: ["write:activities"], hooks: ["deal.created": "note"], main: """
            function note(event) crm.activities.log({ kind = "note", deal_id = event.entity_id, subject = "first" }) end
            """)
        let second = PluginSource("second", permissions: ["write:activities"], hooks: ["activity.logged": "reply"], main: """
            function reply(event) crm.activities.log({ kind = "note", deal_id = event.payload.deal_id, subject = "second" }) end
            """)
        try await PluginWorld.with(backend, [first, second]) { world in
            let contact = try await world.contact()
            _ = try await world.deal(contactID: contact.id)
            for _ in 0..<3 { try await world.dispatchAndWork() }
            let origins = try await world.services.database.read { conn in
                try conn.query("SELECT origin FROM events WHERE type = 'activity.logged' ORDER BY seq", []).map { $0.string("origin") }
            }
            #expect(origins == ["first", "first,second"])
        }
    }

    @Test("a changed plugin is swapped in; a broken new version leaves the old one running and says why", arguments: Backend.available)
    func reload(backend: Backend) async throws {
        try await PluginWorld.with(backend, [Self.gate]) { world in
            let contact = try await world.contact()
            let deal = try await world.deal(contactID: contact.id)
            var broken = Self.gate
            broken.main = "function gate(event)\n  if then\nend\n"
            broken.manifest = broken.manifest.replacingOccurrences(of: "1.0.0", with: "1.1.0")
            try broken.write(to: world.directory)
            let problems = try await world.host.refresh()
            #expect(problems["gate"]?.contains("main.lua:2") == true)
            await #expect(throws: CarnetError.pluginRejected(plugin: "gate", message: "No decision maker on Roll-out")) {
                try await world.updateDeal(deal.id, Self.toProposal)
            }
            let status = try await world.host.statuses().first { $0.id == "gate" }
            #expect(status?.state == .running)
            #expect(status?.version == "1.0.0")
            #expect(status?.error?.contains("main.lua:2") == true)

            var relaxed = Self.gate
            relaxed.main = "function gate(event) end"
            relaxed.manifest = relaxed.manifest.replacingOccurrences(of: "1.0.0", with: "1.2.0")
            try relaxed.write(to: world.directory)
            #expect(try await world.host.refresh().isEmpty)
            #expect(try await world.updateDeal(deal.id, Self.toProposal).stage == "proposal")
            let reloaded = try await world.host.statuses().first { $0.id == "gate" }
            #expect(reloaded?.version == "1.2.0")
            #expect(reloaded?.error == nil)
        }
    }

    @Test("a disabled plugin's hooks stop; enabling it again starts them", arguments: Backend.available)
    func disable(backend: Backend) async throws {
        try await PluginWorld.with(backend, [Self.gate]) { world in
            let contact = try await world.contact()
            let deal = try await world.deal(contactID: contact.id)
            try await world.setEnabled("gate", false)
            try await world.host.refresh()
            #expect(try await world.updateDeal(deal.id, Self.toProposal).stage == "proposal")
            #expect(try await world.host.statuses().first { $0.id == "gate" }?.state == .disabled)
            try await world.setEnabled("gate", true)
            try await world.host.refresh()
            _ = try await world.updateDeal(deal.id, #"{"stage":"lead"}"#)
            await #expect(throws: CarnetError.pluginRejected(plugin: "gate", message: "No decision maker on Roll-out")) {
                try await world.updateDeal(deal.id, Self.toProposal)
            }
        }
    }

    @Test("an action gets the record and input, writes as the caller, and answers its result", arguments: Backend.available)
    func action(backend: Backend) async throws {
        let tagger = PluginSource("tagger", permissions: ["write:contacts"], extra: """
            [[actions]]
            name = "tag"
            function = "tag"
            label = "Tag"
            where = "contact"
            """, main: """
            function tag(contact, input)
              local updated = crm.contacts.update(contact.id, { tags = { input.tag } })
              return { tags = updated.tags, name = contact.first_name }
            end
            """)
        try await PluginWorld.with(backend, [tagger]) { world in
            let contact = try await world.contact()
            let member = Actor(userID: nil, role: .member, name: "Member")
            let result = try await world.host.runAction(plugin: "tagger", action: "tag", targetID: contact.id,
                                                        input: .object(["tag": .string("vip")]), actor: member)
            #expect(result == .object(["tags": .array([.string("vip")]), "name": .string("Ana")]))
            let readonly = Actor(userID: nil, role: .readonly, name: "Reader")
            await #expect(throws: CarnetError.self) {
                try await world.host.runAction(plugin: "tagger", action: "tag", targetID: contact.id, input: .object([:]), actor: readonly)
            }
            await #expect(throws: CarnetError.notFound(entity: "action of the plugin tagger", id: "nope")) {
                try await world.host.runAction(plugin: "tagger", action: "nope", targetID: contact.id, input: .object([:]), actor: member)
            }
        }
    }

    @Test("a scheduled function is queued for its next slot and runs once when it is due", arguments: Backend.available)
    func scheduled(backend: Backend) async throws {
        let ticker = PluginSource("ticker", permissions: ["write:contacts"], extra: """
            [[jobs]]
            schedule = "every 15m"
            function = "tick"
            """, main: """
            function tick(job)
              crm.contacts.create({ first_name = "Tick", last_name = tostring(job.scheduled_at) })
            end
            """)
        try await PluginWorld.with(backend, [ticker]) { world in
            try await world.host.runOnce()
            try await world.host.runOnce()
            #expect(try await world.count("jobs", where: "kind = 'plugin.job'") == 1)
            try await world.dispatchAndWork()
            #expect(try await world.count("contacts") == 0)
            world.clock.advance(by: 15 * 60)
            try await world.dispatchAndWork()
            #expect(try await world.count("contacts") == 1)
        }
    }

    @Test("replay reports what the plugin would refuse over past events and keeps nothing", arguments: Backend.available)
    func replay(backend: Backend) async throws {
        try await PluginWorld.with(backend, []) { world in
            let boss = try await world.contact(#"{"first_name":"Eva","last_name":"Roy","title":"CEO"}"#)
            let clerk = try await world.contact()
            let good = try await world.deal(contactID: boss.id)
            let bad = try await world.deal(contactID: clerk.id)
            _ = try await world.updateDeal(good.id, Self.toProposal)
            _ = try await world.updateDeal(bad.id, Self.toProposal)
            try Self.gate.write(to: world.directory)
            try await world.host.activate("gate")
            let events = try await world.count("events")
            let lines = try await PluginReplay(host: world.host, pluginID: "gate").run(since: world.clock.now.addingTimeInterval(-86_400))
            #expect(lines.map(\.outcome) == [.unchanged, .rejected("No decision maker on Roll-out")])
            #expect(lines.last?.text.contains("would REJECT") == true)
            #expect(try await world.count("events") == events)
            #expect(try await world.write { services, conn in try services.deals.get(bad.id, conn) }.stage == "proposal")
        }
    }

    @Test("hooks do not run once a chain of plugins is 8 deep")
    func depth() async throws {
        try await PluginWorld.with(.sqlite, [Self.gate]) { world in
            var actor = Actor.system
            for index in 0..<Actor.maximumPluginDepth { actor = actor.plugin("p\(index)") }
            #expect(world.host.listens(to: ["deal.stage_changed"], actor: actor) == false)
            #expect(world.host.listens(to: ["deal.stage_changed"], actor: Actor.system.plugin("other")))
            #expect(world.host.listens(to: ["deal.stage_changed"], actor: Actor.system.plugin("gate")) == false)
        }
    }
}
