import Foundation

/// A row that is archived instead of deleted, and versioned for optimistic locking.
public protocol Archivable: Sendable {
    var id: String { get }
    var version: Int { get set }
    var updatedAt: Date { get set }
    var archivedAt: Date? { get set }
}

extension Contact: Archivable {}
extension Company: Archivable {}
extension Deal: Archivable {}
