/// The column names of a query result, with their positions, built once per query and
/// shared by its rows.
///
/// Rows are read by column name (`row.string("email")`): a contact has 28 columns, so a
/// linear search per read cost more than the rest of turning rows into values, and a
/// `[String: Int]` spent three quarters of the decoding of a task or a deal in hashing
/// (SipHash, seeded per process). Names are short ASCII, so the positions sit in a small
/// open-addressing table keyed by FNV-1a over the name's bytes, checked by comparing names.
public final class SQLColumns: Sendable {
    public let names: [String]
    /// Index into `names`, or -1 for an empty slot; the count is a power of two, at least
    /// twice the names, so probing ends quickly on an empty slot.
    private let slots: [Int32]
    private let mask: Int

    public init(_ names: [String]) {
        self.names = names
        var capacity = 8
        while capacity < names.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for (index, name) in names.enumerated() {
            var slot = Self.hash(name) & mask
            // When a name repeats (a join), its first position stays.
            while slots[slot] >= 0, names[Int(slots[slot])] != name { slot = (slot + 1) & mask }
            if slots[slot] < 0 { slots[slot] = Int32(index) }
        }
        self.slots = slots
        self.mask = mask
    }

    /// The position of the first column named `name`.
    public func position(of name: String) -> Int? {
        var slot = Self.hash(name) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return nil }
            if names[index] == name { return index }
            slot = (slot + 1) & mask
        }
    }

    static func hash(_ name: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}
