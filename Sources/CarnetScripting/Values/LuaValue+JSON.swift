import CarnetCore

extension LuaValue {
    /// The Lua value of a JSON value; whole numbers within ±2^53 become integers.
    public init(_ json: JSONValue) {
        switch json {
        case .null: self = .nil
        case .bool(let value): self = .bool(value)
        case .number(let value):
            if value.rounded() == value, abs(value) <= 9_007_199_254_740_992 {
                self = .integer(Int64(value))
            } else {
                self = .number(value)
            }
        case .string(let value): self = .string(value)
        case .array(let items): self = .array(items.map(LuaValue.init))
        case .object(let members): self = .object(members.mapValues(LuaValue.init))
        }
    }

    /// The JSON value of a Lua value; integers become JSON numbers.
    public var json: JSONValue {
        switch self {
        case .nil: .null
        case .bool(let value): .bool(value)
        case .integer(let value): .number(Double(value))
        case .number(let value): .number(value)
        case .string(let value): .string(value)
        case .array(let items): .array(items.map(\.json))
        case .object(let members): .object(members.mapValues(\.json))
        }
    }
}
