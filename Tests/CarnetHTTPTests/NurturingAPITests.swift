import CarnetCore
import CarnetFollowUps
import CarnetHTTP
import CarnetNurturing
import CarnetSegments
import CarnetStore
import CarnetTestSupport
import Foundation
import Hummingbird
import Testing

@Suite("Nurturing sequences over HTTP")
struct NurturingAPITests {
    static let catalog = ModuleCatalog([SegmentsModule(), FollowUpsModule(), NurturingModule()])
    static let modules = ["segments", "followups", "nurturing"]
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the shipped example is created as it is; a contact is enrolled, stopped and counted; mistakes name the step", arguments: Backend.available)
    func flow(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: Self.modules) { api in
            let example = try String(contentsOf: Self.root.appendingPathComponent("config/nurturing/whitepaper.json"), encoding: .utf8)
            let created = try await api.send(.post, "/api/v1/sequences", as: .role(.manager), body: example)
            #expect(created.code == 201, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            #expect((created.json["steps"] as? [[String: Any]])?[4]["else"] as? Int == 7)
            #expect((created.json["trigger"] as? [String: Any])?["form"] as? String == "whitepaper")
            #expect(try await api.send(.post, "/api/v1/sequences", as: .role(.member), body: example).code == 403)
            expectProblem(try await api.send(.post, "/api/v1/sequences", as: .role(.manager), body: example), 422, fields: ["name"])
            expectProblem(try await api.send(.post, "/api/v1/sequences", as: .role(.manager), json: [
                "name": "Looping", "trigger": ["kind": "manual"],
                "steps": [["kind": "email", "subject": "Hi {{contact.nick}}", "body": "Hello"], ["kind": "branch", "if": "opened", "then": 1], ["kind": "wait"]],
            ]), 422, fields: ["steps[1].subject", "steps[2].then", "steps[3]"])

            let contact = try await api.contact(first: "Lea", last: "Roux")
            let enrolled = try await api.send(.post, "/api/v1/sequences/\(id)/enrollments", as: .role(.member), json: ["contact_id": contact.id])
            #expect(enrolled.code == 201, "\(enrolled.text)")
            #expect(enrolled.json["next_step"] as? Int == 1)
            #expect(enrolled.json["source"] as? String == "manual")
            expectProblem(try await api.send(.post, "/api/v1/sequences/\(id)/enrollments", as: .role(.member), json: ["contact_id": contact.id]), 409)
            expectProblem(try await api.send(.post, "/api/v1/sequences/\(id)/enrollments", as: .role(.member), json: ["contact_id": "ctc_nobody"]),
                          422, fields: ["contact_id"])
            let enrollment = try #require(enrolled.json["id"] as? String)
            let stopped = try await api.send(.post, "/api/v1/enrollments/\(enrollment)/stop", as: .role(.member))
            #expect(stopped.json["status"] as? String == "exited" && stopped.json["exit_reason"] as? String == "stopped", "\(stopped.text)")
            expectProblem(try await api.send(.post, "/api/v1/enrollments/\(enrollment)/stop", as: .role(.member)), 409)

            let list = try await api.send(.get, "/api/v1/sequences/\(id)/enrollments?status=exited", as: .role(.readonly))
            #expect((list.json["items"] as? [[String: Any]])?.count == 1)
            expectProblem(try await api.send(.get, "/api/v1/sequences/\(id)/enrollments?status=gone", as: .role(.readonly)), 422, fields: ["status"])
            let report = try await api.send(.get, "/api/v1/sequences/\(id)/report", as: .role(.readonly))
            #expect(report.json["enrolled"] as? Int == 1)
            #expect((report.json["exited"] as? [String: Any])?["stopped"] as? Int == 1)

            let paused = try await api.send(.patch, "/api/v1/sequences/\(id)", as: .role(.manager), json: ["status": "paused", "version": 1])
            #expect(paused.json["status"] as? String == "paused" && paused.json["version"] as? Int == 2, "\(paused.text)")
            expectProblem(try await api.send(.patch, "/api/v1/sequences/\(id)", as: .role(.manager), json: ["name": "Other", "version": 1]), 409)
            let other = try await api.contact(first: "Max", last: "Roux")
            expectProblem(try await api.send(.post, "/api/v1/sequences/\(id)/enrollments", as: .role(.member), json: ["contact_id": other.id]), 409)

            let reply = "From: <lea@example.com>\r\nSubject: Re: hello\r\n\r\nThanks!\r\n"
            expectProblem(try await api.send(.post, "/api/v1/sequences/replies", as: .role(.member), body: reply), 400)
            let taken = try await api.send(.post, "/api/v1/sequences/replies", as: .role(.member), body: reply, headers: [.contentType: "message/rfc822"])
            #expect(taken.code == 200 && taken.json["action"] as? String == "unknown_sender", "\(taken.text)")
            #expect(try await api.send(.post, "/api/v1/sequences/replies", as: .role(.readonly), body: reply, headers: [.contentType: "message/rfc822"]).code == 403)

            #expect(try await api.send(.post, "/api/v1/modules/nurturing/disable", as: .role(.admin)).code == 200)
            expectProblem(try await api.send(.get, "/api/v1/sequences/\(id)", as: .role(.readonly)), 404, typeSuffix: "module-disabled")
        }
    }

    @Test("a plugin action enrolls through crm.sequences.enroll, once; without the permission or the module it raises", arguments: Backend.available)
    func pluginCall(backend: Backend) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-nurture-plugins-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (id, permissions) in [("keeper", ["write:sequences"]), ("intruder", [String]())] {
            try PluginSource(id, permissions: permissions, extra: """
                [[actions]]
                name = "nurture"
                function = "nurture"
                label = "Keep warm"
                where = "contact"
                """, main: """
                function nurture(contact, input)
                  local enrollment = crm.sequences.enroll(input.sequence_id, { contact_id = contact.id })
                  return { status = enrollment.status, source = enrollment.source, id = enrollment.id }
                end
                """).write(to: directory)
        }
        var config = API.config
        config.plugins.directory = directory
        config.plugins.enabledAtFirstStart = ["keeper", "intruder"]
        try await API.with(backend, catalog: Self.catalog, enabledModules: Self.modules, config: config) { api in
            let sequence = try await api.send(.post, "/api/v1/sequences", as: .role(.manager), json: [
                "name": "Keep warm", "trigger": ["kind": "manual"], "steps": [["kind": "tag", "tag": "warm"]],
            ])
            let id = try #require(sequence.json["id"] as? String)
            let contact = try await api.contact(first: "Lea", last: "Roux")
            let first = try await api.send(.post, "/api/v1/plugins/keeper/actions/nurture", as: .role(.member),
                                           json: ["target_id": contact.id, "input": ["sequence_id": id]])
            #expect(first.code == 200, "\(first.text)")
            let again = try await api.send(.post, "/api/v1/plugins/keeper/actions/nurture", as: .role(.member),
                                           json: ["target_id": contact.id, "input": ["sequence_id": id]])
            let (firstResult, againResult) = (first.json["result"] as? [String: Any], again.json["result"] as? [String: Any])
            #expect(firstResult?["id"] as? String != nil && againResult?["id"] as? String == firstResult?["id"] as? String)
            #expect(firstResult?["source"] as? String == "plugin" && firstResult?["status"] as? String == "active")
            #expect(try await api.count("nurture_enrollments") == 1)
            let refused = try await api.send(.post, "/api/v1/plugins/intruder/actions/nurture", as: .role(.member),
                                             json: ["target_id": contact.id, "input": ["sequence_id": id]])
            #expect(refused.code >= 400 && refused.text.contains("write:sequences"), "\(refused.text)")
            let unknown = try await api.send(.post, "/api/v1/plugins/keeper/actions/nurture", as: .role(.member),
                                             json: ["target_id": contact.id, "input": ["sequence_id": "seq_none"]])
            #expect(unknown.code >= 400 && unknown.text.contains("seq_none"), "\(unknown.text)")
            #expect(try await api.send(.post, "/api/v1/modules/nurturing/disable", as: .role(.admin)).code == 200)
            let off = try await api.send(.post, "/api/v1/plugins/keeper/actions/nurture", as: .role(.member),
                                         json: ["target_id": contact.id, "input": ["sequence_id": id]])
            #expect(off.code >= 400 && off.text.contains("nurturing"), "\(off.text)")
        }
    }

    @Test("[nurturing] gives the scan period, batch and time zone; a bad one names its key")
    func settings() throws {
        let config = try ConfigFile.load("[nurturing]\nsegment_scan_minutes = 5\nsegment_scan_batch = 200\ntime_zone = \"Europe/Paris\"\n")
        #expect(config.nurturing.segmentScanMinutes == 5 && config.nurturing.segmentScanBatch == 200)
        #expect(config.nurturing.timeZone.identifier == "Europe/Paris")
        let shipped = try ConfigFile.loadShipped()
        #expect(shipped.nurturing.segmentScanMinutes == 15)
        for (line, key) in [("segment_scan_minutes = 0", "nurturing.segment_scan_minutes"), ("time_zone = \"Mars/Olympus\"", "nurturing.time_zone"),
                            ("cadence = 3", "nurturing.cadence")] {
            do {
                _ = try ConfigFile.load("[nurturing]\n\(line)\n")
                Issue.record("accepted \(line)")
            } catch let error as ConfigError {
                #expect(error.key == key)
            }
        }
    }
}
