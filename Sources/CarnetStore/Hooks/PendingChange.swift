import CarnetCore

/// A change about to be stored, as before-hooks see it: inside its transaction, after the
/// core's own checks, before the row is written.
public struct PendingChange: Sendable {
    /// The events the change will write, in order: `deal.updated`, `deal.stage_changed`,
    /// `deal.won` for a deal moved to a won stage.
    public var events: [String]
    /// `contact`, `company`, `deal` or `activity`.
    public var entity: String
    public var entityID: String
    /// The row as it is about to be stored, as the API writes it.
    public var record: JSONValue
    /// The row before the change; nil for a new row.
    public var previous: JSONValue?
    public var actor: Actor
    /// Whether hooks may change fields (`crm.set`); activities can only be refused.
    public var allowsFieldChanges: Bool

    public init(events: [String], entity: String, entityID: String, record: JSONValue, previous: JSONValue?, actor: Actor,
                allowsFieldChanges: Bool = true) {
        self.events = events
        self.entity = entity
        self.entityID = entityID
        self.record = record
        self.previous = previous
        self.actor = actor
        self.allowsFieldChanges = allowsFieldChanges
    }
}
