import Foundation

/// A row just created, with the JSON its `*.created` event recorded.
///
/// The API answers a create with the row as that event wrote it, so the row is encoded
/// once, inside the write, instead of a second time for the response.
public struct Created<Entity: Sendable>: Sendable {
    public let entity: Entity
    /// The entity as the API writes it.
    public let json: Data

    public init(entity: Entity, json: Data) {
        self.entity = entity
        self.json = json
    }
}
