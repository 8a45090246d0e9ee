import CarnetCore
import Foundation
import Testing

@Suite("Activity")
struct ActivityTests {
    func activity(_ configure: (inout Activity) -> Void = { _ in }) -> Activity {
        var activity = Activity(id: "act_01jd3k0000000000000000000a", kind: .call, at: newYear2026)
        activity.contactID = "con_01jd3k0000000000000000000a"
        configure(&activity)
        return activity
    }

    func errorFields(_ activity: Activity) -> [String] {
        do {
            try activity.validate()
            return []
        } catch {
            return validationFields(error) ?? ["not a validation error: \(error)"]
        }
    }

    @Test("an activity belongs to a contact, a deal or a company", arguments: [
        (String?("con_1"), String?.none, String?.none),
        (nil, "deal_1", nil),
        (nil, nil, "com_1"),
    ])
    func belongsToSomething(contact: String?, deal: String?, company: String?) throws {
        try activity {
            $0.contactID = contact
            $0.dealID = deal
            $0.companyID = company
        }.validate()
    }

    @Test("an activity attached to nothing is refused")
    func attachedToNothing() {
        #expect(errorFields(activity { $0.contactID = nil }) == ["contact_id"])
    }

    @Test("the duration is between 0 and 1440 minutes", arguments: [
        (0, true), (1, true), (90, true), (1440, true), (-1, false), (1441, false), (10_000, false),
    ])
    func duration(minutes: Int, valid: Bool) {
        #expect(errorFields(activity { $0.durationMinutes = minutes }) == (valid ? [] : ["duration_minutes"]))
    }

    @Test("the subject is short text, the body long text")
    func textLengths() {
        #expect(errorFields(activity { $0.subject = String(repeating: "s", count: 201) }) == ["subject"])
        #expect(errorFields(activity { $0.body = String(repeating: "b", count: 10_000) }) == [])
        #expect(errorFields(activity { $0.body = String(repeating: "b", count: 10_001) }) == ["body"])
    }

    @Test("ActivityInput decodes every kind", arguments: ActivityKind.allCases)
    func decodesKind(kind: ActivityKind) throws {
        let input = try decodeJSON(ActivityInput.self, #"{"kind": "\#(kind.rawValue)", "contact_id": "con_1"}"#)
        #expect(input.kind == kind)
        #expect(input.contactID == "con_1")
    }

    @Test("ActivityInput decodes every field")
    func decodesFields() throws {
        let input = try decodeJSON(ActivityInput.self, #"""
        {"kind": "meeting", "subject": "Demo", "body": "Went well", "deal_id": "deal_1", "company_id": "com_1",
         "user_id": "usr_2", "occurred_at": "2025-12-30T14:00:00+01:00", "duration_minutes": 45}
        """#)
        #expect(input.kind == .meeting)
        #expect(input.subject == "Demo")
        #expect(input.body == "Went well")
        #expect(input.dealID == "deal_1")
        #expect(input.companyID == "com_1")
        #expect(input.userID == "usr_2")
        #expect(input.occurredAt.map(Timestamp.format) == "2025-12-30T13:00:00.000Z")
        #expect(input.durationMinutes == 45)
    }

    @Test("ActivityInput refuses bad bodies", arguments: [
        #"{"kind": "lunch", "contact_id": "con_1"}"#,
        #"{"contact_id": "con_1"}"#,
        #"{"kind": "call", "contact": "con_1"}"#,
        #"{"kind": "call", "contact_id": "con_1", "occurred_at": "last week"}"#,
        #"{"kind": "call", "contact_id": "con_1", "duration_minutes": "45"}"#,
    ])
    func rejects(json: String) {
        #expect(throws: DecodingError.self) {
            try decodeJSON(ActivityInput.self, json)
        }
    }

    @Test("an unknown kind is a decoding error on the kind field")
    func unknownKind() throws {
        let error = try #require(throws: DecodingError.self) {
            try decodeJSON(ActivityInput.self, #"{"kind": "lunch", "contact_id": "con_1"}"#)
        }
        guard case .dataCorrupted(let context) = error else {
            Issue.record("expected dataCorrupted, got \(error)")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == ["kind"])
    }

    @Test("by default the activity is the actor's and happened now")
    func defaults() throws {
        let actor = Actor(userID: "usr_1", role: .member, name: "Claire")
        let input = try decodeJSON(ActivityInput.self, #"{"kind": "note", "subject": "  Called back  ", "body": "   ", "contact_id": "con_1"}"#)
        let now = newYear2026.addingTimeInterval(3600)
        let made = input.activity(id: "act_1", by: actor, at: now)
        #expect(made.id == "act_1")
        #expect(made.kind == .note)
        #expect(made.userID == "usr_1")
        #expect(made.occurredAt == now)
        #expect(made.createdAt == now)
        #expect(made.version == 1)
        #expect(made.subject == "Called back")
        #expect(made.body == nil)
        #expect(made.contactID == "con_1")
        try made.validate()
    }

    @Test("a given user and time win over the defaults")
    func explicitUserAndTime() throws {
        let input = try decodeJSON(ActivityInput.self, #"{"kind": "call", "deal_id": "deal_1", "user_id": "usr_9", "occurred_at": "2025-12-24T10:00:00Z"}"#)
        let made = input.activity(id: "act_1", by: Actor(userID: "usr_1", role: .member, name: "Claire"), at: newYear2026)
        #expect(made.userID == "usr_9")
        #expect(Timestamp.format(made.occurredAt) == "2025-12-24T10:00:00.000Z")
        #expect(made.createdAt == newYear2026)
    }

    @Test("the system actor logs without a user")
    func systemActor() {
        let made = ActivityInput(kind: .email).activity(id: "act_1", by: .system, at: newYear2026)
        #expect(made.userID == nil)
        #expect(made.kind == .email)
    }
}
