/// A value crossing between Lua and Swift: nil, booleans, numbers, strings, and tables
/// as JSON-like arrays and objects.
///
/// Lua keeps integers and floats apart (`3` and `3.0`), and so does this type. A table
/// whose keys are exactly 1...n crosses as `.array`, one with string keys as `.object`;
/// an empty table is `.object([:])`, which ``Swift/Array/array(argument:)`` also
/// accepts as an empty array. Functions, coroutines and tables with other keys do not
/// cross: the conversion fails with a message naming the argument and the path inside it.
public enum LuaValue: Sendable, Hashable {
    case `nil`
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([LuaValue])
    case object([String: LuaValue])

    /// Lua's name for the value's type, as its error messages use it.
    public var typeName: String {
        switch self {
        case .nil: "nil"
        case .bool: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .array, .object: "table"
        }
    }
}

extension LuaValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: LuaValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, LuaValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
