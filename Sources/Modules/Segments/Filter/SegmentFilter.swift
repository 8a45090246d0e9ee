import CarnetCore
import Foundation

/// A segment's filter: AND (`all`) / OR (`any`) groups of conditions over contacts.
///
/// `{"all": [{"field": "region", "op": "eq", "value": "Bretagne"},
///           {"any": [{"field": "tags", "op": "has", "value": "vip"}, {"field": "score", "op": "gte", "value": 70}]}]}`
///
/// Read by ``FilterParser`` (every problem a 422 naming its path, `filter.all[1].any[0].op`) and
/// turned into one SQL query by ``FilterSQL``. An empty `all` matches every live contact, an
/// empty `any` none. The JSON kept is the one sent: ``json`` gives it back.
public struct SegmentFilter: Sendable, Equatable {
    /// AND or OR.
    public enum Combinator: String, Sendable {
        case all, any
    }

    /// A group or a condition.
    public indirect enum Node: Sendable, Equatable {
        case group(Group)
        case condition(Condition)
    }

    /// Nodes joined by one combinator.
    public struct Group: Sendable, Equatable {
        public var combinator: Combinator
        public var nodes: [Node]
    }

    /// One test of a field.
    public struct Condition: Sendable, Equatable {
        public var field: FilterField
        public var op: FilterOperator
        public var value: FilterValue
    }

    public var root: Group
    /// The filter as sent.
    public var json: JSONValue

    /// The most groups nested in one another, the root included.
    public static let maxDepth = 4
    /// The most conditions in one filter.
    public static let maxConditions = 50
    /// The most values in one `in` list.
    public static let maxListValues = 100
    /// The longest text value, in characters.
    public static let maxTextLength = 200

    /// Whether a condition reads lead scores (the leadscoring module's table).
    public var needsScores: Bool {
        func scan(_ group: Group) -> Bool {
            group.nodes.contains { node in
                switch node {
                case .group(let inner): scan(inner)
                case .condition(let condition): condition.field.needsScores
                }
            }
        }
        return scan(root)
    }
}

/// A condition's value, checked against its field and operator.
public enum FilterValue: Sendable, Equatable {
    case text(String)
    case texts([String])
    case number(Double)
    case flag(Bool)
    case instant(Date)
    case days(Int)
}
