import Foundation

/// The service levels promised per priority: how much working time may pass before the first
/// public reply, and before the ticket is resolved. A priority without a target has no due time.
public struct SLAPolicy: Sendable, Equatable {
    public var firstResponse: [TicketPriority: TimeInterval]
    public var resolution: [TicketPriority: TimeInterval]

    public init(firstResponse: [TicketPriority: TimeInterval] = SLAPolicy.standardFirstResponse,
                resolution: [TicketPriority: TimeInterval] = SLAPolicy.standardResolution) {
        self.firstResponse = firstResponse
        self.resolution = resolution
    }

    /// Working hours to the first reply: urgent 1, high 4, normal 8, low 16.
    public static let standardFirstResponse: [TicketPriority: TimeInterval] = [.urgent: 3600, .high: 4 * 3600, .normal: 8 * 3600, .low: 16 * 3600]
    /// Working hours to resolution: urgent 8, high 24, normal 40, low 80.
    public static let standardResolution: [TicketPriority: TimeInterval] = [.urgent: 8 * 3600, .high: 24 * 3600, .normal: 40 * 3600, .low: 80 * 3600]
}

/// Which SLA target a breach is about.
public enum SLATarget: String, Sendable, Codable, CaseIterable {
    case firstResponse = "first_response"
    case resolution
}
