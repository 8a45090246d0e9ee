/// Typed access to a host function's arguments, throwing the error scripts see as
/// "crm.deals.get: argument 1 must be a string, got table".
extension Array where Element == LuaValue {
    /// The argument at `position` (1-based, as Lua counts); `.nil` past the end.
    public func value(argument position: Int) -> LuaValue {
        position >= 1 && position <= count ? self[position - 1] : .nil
    }

    /// A string; numbers are not converted.
    public func string(argument position: Int) throws(HostArgumentError) -> String {
        guard case .string(let value) = value(argument: position) else { throw mismatch(position, "a string") }
        return value
    }

    /// An integer, or a float with an exact integer value (as Lua's `math.tointeger`).
    public func integer(argument position: Int) throws(HostArgumentError) -> Int64 {
        switch value(argument: position) {
        case .integer(let value): return value
        case .number(let value) where value.rounded() == value && abs(value) < 9.2e18: return Int64(value)
        default: throw mismatch(position, "an integer")
        }
    }

    /// A number, integer or float.
    public func number(argument position: Int) throws(HostArgumentError) -> Double {
        switch value(argument: position) {
        case .integer(let value): return Double(value)
        case .number(let value): return value
        default: throw mismatch(position, "a number")
        }
    }

    /// A boolean; Lua's truthiness does not apply.
    public func bool(argument position: Int) throws(HostArgumentError) -> Bool {
        guard case .bool(let value) = value(argument: position) else { throw mismatch(position, "a boolean") }
        return value
    }

    /// A table with string keys; the empty table counts.
    public func object(argument position: Int) throws(HostArgumentError) -> [String: LuaValue] {
        guard case .object(let members) = value(argument: position) else { throw mismatch(position, "a table with string keys") }
        return members
    }

    /// A sequence 1..n; the empty table counts.
    public func array(argument position: Int) throws(HostArgumentError) -> [LuaValue] {
        switch value(argument: position) {
        case .array(let items): return items
        case .object(let members) where members.isEmpty: return []
        default: throw mismatch(position, "a list (a table with keys 1..n)")
        }
    }

    private func mismatch(_ position: Int, _ expected: String) -> HostArgumentError {
        HostArgumentError(position: position, expected: expected, actual: value(argument: position).typeName)
    }
}
