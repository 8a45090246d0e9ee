import Foundation

/// A partial change to a ticket: the body of `POST` and `PATCH /api/v1/tickets`.
///
/// `status` moves the ticket through ``TicketStatus``'s machine (a refused move is a 422
/// naming `status`); `priority`, `channel` and `status` cannot be cleared: `null` leaves them as they are.
public struct TicketPatch: Sendable, Decodable {
    public var subject: String?
    public var description: String?
    public var contactID, companyID, orderID, invoiceID, productID, category, assigneeID: String??
    public var channel: TicketChannel?
    public var priority: TicketPriority?
    public var status: TicketStatus?
    public var version: Int?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case subject, description, contactID = "contact_id", companyID = "company_id", orderID = "order_id", invoiceID = "invoice_id"
        case productID = "product_id", category, assigneeID = "assignee_id", channel, priority, status, version
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        subject = try c.patch(String.self, forKey: .subject).map { $0 ?? "" }
        description = try c.patch(String.self, forKey: .description).map { $0 ?? "" }
        contactID = try c.patch(String.self, forKey: .contactID)
        companyID = try c.patch(String.self, forKey: .companyID)
        orderID = try c.patch(String.self, forKey: .orderID)
        invoiceID = try c.patch(String.self, forKey: .invoiceID)
        productID = try c.patch(String.self, forKey: .productID)
        category = try c.patch(String.self, forKey: .category)
        assigneeID = try c.patch(String.self, forKey: .assigneeID)
        channel = try c.decodeIfPresent(TicketChannel.self, forKey: .channel)
        priority = try c.decodeIfPresent(TicketPriority.self, forKey: .priority)
        status = try c.decodeIfPresent(TicketStatus.self, forKey: .status)
        version = try c.decodeIfPresent(Int.self, forKey: .version)
    }
}

extension Ticket {
    /// Applies a patch, status through the machine, and normalises the result; the caller
    /// validates, reschedules the SLA when the priority changed and sets `updatedAt`.
    public mutating func apply(_ patch: TicketPatch, at now: Date, language: Language = .en) throws(CarnetError) {
        if let subject = patch.subject { self.subject = subject }
        if let description = patch.description { self.description = description }
        CarnetCore.apply(patch.contactID, to: &contactID)
        CarnetCore.apply(patch.companyID, to: &companyID)
        CarnetCore.apply(patch.orderID, to: &orderID)
        CarnetCore.apply(patch.invoiceID, to: &invoiceID)
        CarnetCore.apply(patch.productID, to: &productID)
        CarnetCore.apply(patch.category, to: &category)
        CarnetCore.apply(patch.assigneeID, to: &assigneeID)
        if let channel = patch.channel { self.channel = channel }
        if let priority = patch.priority { self.priority = priority }
        if let status = patch.status { try move(to: status, at: now, language: language) }
        normalize()
    }
}
