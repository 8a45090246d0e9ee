import CarnetCore
import Foundation
import Testing

@Suite("RoundRobin")
struct RoundRobinTests {
    func team(_ ids: String..., inactive: Set<String> = []) -> [User] {
        ids.map { id in
            var user = User(id: id, email: "\(id)@example.com", name: id, role: .member, at: newYear2026)
            user.active = !inactive.contains(id)
            return user
        }
    }

    @Test("takes the member after the last one assigned, wrapping around", arguments: [
        ("ana", "bea"), ("bea", "carl"), ("carl", "ana"),
    ])
    func turns(last: String, next: String) {
        #expect(RoundRobin.nextAssignee(in: team("ana", "bea", "carl"), after: last, skipping: nil) == next)
    }

    @Test("starts at the top when nobody was assigned yet or the last one left")
    func start() {
        #expect(RoundRobin.nextAssignee(in: team("ana", "bea"), after: nil, skipping: nil) == "ana")
        #expect(RoundRobin.nextAssignee(in: team("ana", "bea"), after: "zoe", skipping: nil) == "ana")
    }

    @Test("skips inactive members and the current owner")
    func skips() {
        #expect(RoundRobin.nextAssignee(in: team("ana", "bea", "carl", inactive: ["bea"]), after: "ana", skipping: nil) == "carl")
        #expect(RoundRobin.nextAssignee(in: team("ana", "bea", "carl"), after: "ana", skipping: "bea") == "carl")
        #expect(RoundRobin.nextAssignee(in: team("ana", "bea"), after: "ana", skipping: "bea") == "ana")
    }

    @Test("nobody to give the lead to gives nil")
    func nobody() {
        #expect(RoundRobin.nextAssignee(in: [], after: nil, skipping: nil) == nil)
        #expect(RoundRobin.nextAssignee(in: team("ana"), after: "ana", skipping: "ana") == nil)
        #expect(RoundRobin.nextAssignee(in: team("ana", "bea", inactive: ["bea"]), after: nil, skipping: "ana") == nil)
    }
}
