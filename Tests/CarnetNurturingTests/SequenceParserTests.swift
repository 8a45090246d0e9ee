import CarnetCore
import CarnetNurturing
import CarnetTestSupport
import Foundation
import Testing

@Suite("Sequence definitions")
struct SequenceParserTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func json(_ text: String) throws -> JSONValue {
        try CarnetJSON.decoder.decode(JSONValue.self, from: Data(text.utf8))
    }

    /// The fields a definition is refused for.
    func refused(_ steps: String, trigger: String = #"{"kind":"manual"}"#, exits: String? = nil, language: Language = .en) throws -> [FieldError] {
        let (trigger, steps, exits) = (try json(trigger), try json(steps), try exits.map(json))
        do {
            _ = try SequenceParser(language: language).parse(trigger: trigger, steps: steps, exits: exits)
            return []
        } catch {
            guard case .validation(let errors) = error else { throw error }
            return errors
        }
    }

    @Test("the example shipped in config reads as e-mail now, after 3 days, a task at 7 days if clicked, e-mail at 14; exit on reply or deal")
    func shippedExample() throws {
        let file = try Data(contentsOf: Self.root.appendingPathComponent("config/nurturing/whitepaper.json"))
        guard case .object(let fields) = try CarnetJSON.decoder.decode(JSONValue.self, from: file) else { throw TestFailure("not an object") }
        let definition = try SequenceParser().parse(trigger: fields["trigger"] ?? .null, steps: fields["steps"] ?? .null, exits: fields["exit_on"])
        #expect(definition.trigger == .formSubmitted(form: "whitepaper"))
        #expect(definition.steps.map(\.kind) == ["email", "wait", "email", "wait", "branch", "task", "wait", "email"])
        #expect(definition.steps[4] == .branch(.clicked, then: nil, otherwise: 6))
        #expect(definition.next(after: 4, branchTaken: true) == 5)
        #expect(definition.next(after: 4, branchTaken: false) == 6)
        #expect(definition.exits.contains(.replied) && definition.exits.contains(.dealOpened))
        // Written back in the API's form, it reads the same.
        #expect(try SequenceParser().parse(trigger: definition.trigger.json, steps: definition.stepsJSON, exits: definition.exitsJSON) == definition)
    }

    @Test("a sequence that would loop, wait forever, or end on a wait is refused, naming the step")
    func loopsAndWaits() throws {
        let mail = #"{"kind":"email","subject":"Hi","body":"Hello"}"#
        #expect(try refused("[\(mail), {\"kind\":\"branch\",\"if\":\"opened\",\"then\":1}]").map(\.field) == ["steps[2].then"])
        #expect(try refused("[\(mail), {\"kind\":\"branch\",\"if\":\"opened\",\"else\":2}, \(mail)]").map(\.field) == ["steps[2].else"])
        #expect(try refused("[\(mail), {\"kind\":\"branch\",\"if\":\"opened\",\"then\":9}, \(mail)]").map(\.field) == ["steps[2].then"])
        #expect(try refused("[\(mail), {\"kind\":\"branch\",\"if\":\"opened\",\"then\":1e300,\"else\":-1e300}, \(mail)]").map(\.field)
                == ["steps[2].then", "steps[2].else"])
        #expect(try refused("[{\"kind\":\"wait\"}, \(mail)]").map(\.field) == ["steps[1]"])
        #expect(try refused("[{\"kind\":\"wait\",\"days\":0}, \(mail)]").map(\.field) == ["steps[1]"])
        #expect(try refused("[{\"kind\":\"wait\",\"days\":400}, \(mail)]").map(\.field) == ["steps[1].days"])
        #expect(try refused("[{\"kind\":\"wait\",\"days\":1.5}, \(mail)]").map(\.field) == ["steps[1].days"])
        #expect(try refused("[\(mail), {\"kind\":\"wait\",\"days\":2}]").map(\.field) == ["steps[2]"])
        #expect(try refused("[{\"kind\":\"wait\",\"until\":{\"weekday\":\"someday\",\"hour\":9}}, \(mail)]").map(\.field) == ["steps[1].until.weekday"])
        #expect(try refused("[{\"kind\":\"wait\",\"until\":{\"weekday\":\"friday\",\"hour\":24}}, \(mail)]").map(\.field) == ["steps[1].until.hour"])
        #expect(try refused("[]").map(\.field) == ["steps"])
        #expect(try refused("[\(mail), {\"kind\":\"branch\",\"if\":\"opened\",\"then\":\"end\"}, \(mail)]").isEmpty)
    }

    @Test("unknown kinds, merge fields, bands and exits are refused in the caller's language")
    func unknowns() throws {
        let errors = try refused(#"[{"kind":"email","subject":"Hi {{contact.nickname}}","body":"Hello"}, {"kind":"sms"}]"#,
                                 trigger: #"{"kind":"score_band","band":"tepid"}"#, exits: #"["replied","bored"]"#)
        #expect(Set(errors.map(\.field)) == ["steps[1].subject", "steps[2].kind", "trigger.band", "exit_on[2]"])
        let french = try refused(#"[{"kind":"sms"}]"#, language: .fr)
        #expect(french.first?.message.hasPrefix("valeur inconnue sms") == true)
        #expect(try refused(#"[{"kind":"tag","tag":"x"}]"#, trigger: #"{"kind":"tag_added"}"#).map(\.field) == ["trigger.tag"])
        #expect(try refused(#"[{"kind":"task","title":"Call {{contact.name}}","due_in_days":-1}]"#).map(\.field) == ["steps[1].due_in_days"])
    }

    @Test("a wait until a weekday and hour ends at the next such hour after it starts, in the configured time zone")
    func waitUntil() throws {
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        // Monday 2026-03-02 10:00 UTC = 11:00 in Paris.
        let monday = Date(timeIntervalSince1970: 1_772_445_600)
        #expect(SequenceWait.until(weekday: 2, hour: 9).end(after: monday, timeZone: paris) == monday.addingTimeInterval(86_400 - 2 * 3_600))
        #expect(SequenceWait.until(weekday: 1, hour: 14).end(after: monday, timeZone: paris) == monday.addingTimeInterval(3 * 3_600))
        #expect(SequenceWait.until(weekday: 1, hour: 9).end(after: monday, timeZone: paris) == monday.addingTimeInterval(7 * 86_400 - 2 * 3_600))
        #expect(SequenceWait.duration(days: 3, hours: 2).end(after: monday, timeZone: paris) == monday.addingTimeInterval(3 * 86_400 + 7_200))
    }
}
