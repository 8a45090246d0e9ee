import CarnetCore
import Foundation
import Testing

@Suite("EntityID")
struct EntityIDTests {
    @Test("an id is the prefix, an underscore and 26 base-32 characters", arguments: [
        IDPrefix.contact, IDPrefix.company, IDPrefix.deal, IDPrefix.activity, IDPrefix.user, IDPrefix.token, IDPrefix.event,
    ])
    func shape(prefix: String) {
        let id = EntityID.make(prefix, at: newYear2026)
        #expect(id.hasPrefix(prefix + "_"))
        #expect(id.count == prefix.count + 1 + 26)
        let body = id.dropFirst(prefix.count + 1)
        #expect(body.allSatisfy { "0123456789abcdefghjkmnpqrstvwxyz".contains($0) })
        #expect(EntityID.isWellFormed(id, prefix: prefix))
    }

    @Test("the core prefixes are the documented ones")
    func prefixes() {
        #expect([IDPrefix.contact, IDPrefix.company, IDPrefix.deal, IDPrefix.activity, IDPrefix.user, IDPrefix.token, IDPrefix.event]
            == ["con", "com", "deal", "act", "usr", "tok", "evt"])
    }

    @Test("isWellFormed refuses ids of another shape", arguments: [
        ("com_01jd3k0000000000000000000a", "con"), // another entity's prefix
        ("con01jd3k0000000000000000000a", "con"), // no underscore
        ("con_01jd3k000000000000000000a", "con"), // 25 characters
        ("con_01jd3k0000000000000000000aa", "con"), // 27 characters
        ("con_01JD3K0000000000000000000A", "con"), // upper case
        ("con_01jd3k000000000000000000iu", "con"), // letters outside Crockford base 32
        ("con_", "con"),
        ("", "con"),
    ])
    func malformed(id: String, prefix: String) {
        #expect(!EntityID.isWellFormed(id, prefix: prefix))
    }

    @Test("a hand-written id of the right shape is well-formed")
    func handWritten() {
        #expect(EntityID.isWellFormed("con_01jd3k0000000000000000000a", prefix: "con"))
    }

    @Test("ids made later sort after ids made earlier")
    func timeOrdered() {
        let dates = [instant(0), instant(1), instant(1_700_000_000), instant(1_700_000_000.001), newYear2026, instant(4_102_444_800)]
        let ids = dates.map { EntityID.make("deal", at: $0) }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
        for (earlier, later) in zip(ids, ids.dropFirst()) {
            #expect(earlier < later)
        }
    }

    @Test("ids made at one time sort as their random numbers do")
    func randomOrder() {
        var generator = SeededGenerator(seed: 7)
        let numbers = (0..<1_000).map { _ in (generator.next(), UInt16(truncatingIfNeeded: generator.next())) }.sorted(by: <)
        let ids = numbers.map { EntityID.make("con", at: newYear2026, random: $0.0, $0.1) }
        #expect(ids == ids.sorted())
        #expect(EntityID.make("con", at: newYear2026, random: 5, 1) < EntityID.make("con", at: newYear2026, random: 5, 2))
        #expect(EntityID.make("con", at: newYear2026, random: 0, 0).hasSuffix("0000000000000000"))
        #expect(EntityID.make("con", at: newYear2026, random: .max, .max).hasSuffix("zzzzzzzzzzzzzzzz"))
        #expect(EntityID.isWellFormed(EntityID.make("con", at: newYear2026, random: .max, 0), prefix: "con"))
    }

    @Test("the first ten characters encode the creation time")
    func timePart() {
        var generator = SeededGenerator(seed: 1)
        let epoch = EntityID.make("con", at: instant(0), using: &generator)
        #expect(epoch.hasPrefix("con_0000000000"))
        let oneMilli = EntityID.make("con", at: instant(0.001), using: &generator)
        #expect(oneMilli.hasPrefix("con_0000000001"))
        let thirtyTwo = EntityID.make("con", at: instant(0.032), using: &generator)
        #expect(thirtyTwo.hasPrefix("con_0000000010"))
    }

    @Test("the time part is the millisecond the store records for the same instant")
    func timePartMatchesTimestamp() {
        let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")
        for millis in stride(from: Int64(1_767_225_600_000), to: 1_767_225_602_000, by: 7) {
            let id = EntityID.make("evt", at: Timestamp.date(millis: millis))
            let decoded = id.dropFirst(4).prefix(10).reduce(Int64(0)) { $0 * 32 + Int64(alphabet.firstIndex(of: $1)!) }
            #expect(decoded == millis)
        }
    }

    @Test("instants before 1970 get the zero time part")
    func beforeEpoch() {
        #expect(EntityID.make("con", at: instant(-86_400)).hasPrefix("con_0000000000"))
    }

    @Test("two ids made in the same millisecond differ")
    func randomPart() {
        let first = EntityID.make("con", at: newYear2026)
        let second = EntityID.make("con", at: newYear2026)
        #expect(first != second)
        #expect(first.prefix(14) == second.prefix(14))
    }

    @Test("a seeded generator gives the same id twice")
    func reproducible() {
        var first = SeededGenerator(seed: 42)
        var second = SeededGenerator(seed: 42)
        let a = EntityID.make("act", at: newYear2026, using: &first)
        let b = EntityID.make("act", at: newYear2026, using: &second)
        #expect(a == b)
        #expect(EntityID.isWellFormed(a, prefix: "act"))

        var other = SeededGenerator(seed: 43)
        #expect(EntityID.make("act", at: newYear2026, using: &other) != a)
    }
}
