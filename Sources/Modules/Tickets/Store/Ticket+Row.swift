import CarnetCore
import CarnetStore
import Foundation

extension Ticket {
    static let insertTarget = InsertTarget("tickets", [
        "id", "number", "subject", "description", "contact_id", "company_id", "order_id", "invoice_id", "product_id", "channel",
        "category", "priority", "status", "assignee_id", "first_response_due_at", "resolution_due_at", "first_responded_at",
        "resolved_at", "closed_at", "first_response_breached_at", "resolution_breached_at", "pending_due_at", "version",
        "created_at", "updated_at", "archived_at",
    ])

    /// Writes the fields people change; the breach dates belong to the SLA scan and the
    /// satisfaction answer to the survey (`SatisfactionService`), and are left alone.
    static let updateSQL = """
        UPDATE tickets SET subject = ?, description = ?, contact_id = ?, company_id = ?, order_id = ?, invoice_id = ?, product_id = ?,
            channel = ?, category = ?, priority = ?, status = ?, assignee_id = ?, first_response_due_at = ?, resolution_due_at = ?,
            first_responded_at = ?, resolved_at = ?, closed_at = ?, pending_due_at = ?, version = ?, updated_at = ?, archived_at = ?
        WHERE id = ? AND version = ?
        """

    var insertBinds: [SQLValue] {
        [.text(id), .text(number), .text(subject), .text(description), .string(contactID), .string(companyID), .string(orderID),
         .string(invoiceID), .string(productID), .text(channel.rawValue), .string(category), .text(priority.rawValue), .text(status.rawValue),
         .string(assigneeID), .date(firstResponseDueAt), .date(resolutionDueAt), .date(firstRespondedAt), .date(resolvedAt), .date(closedAt),
         .date(firstResponseBreachedAt), .date(resolutionBreachedAt), .date(pendingDueAt), .int(version), .date(createdAt), .date(updatedAt),
         .date(archivedAt)]
    }

    func updateBinds(expectedVersion: Int) -> [SQLValue] {
        [.text(subject), .text(description), .string(contactID), .string(companyID), .string(orderID), .string(invoiceID), .string(productID),
         .text(channel.rawValue), .string(category), .text(priority.rawValue), .text(status.rawValue), .string(assigneeID),
         .date(firstResponseDueAt), .date(resolutionDueAt), .date(firstRespondedAt), .date(resolvedAt), .date(closedAt), .date(pendingDueAt),
         .int(version), .date(updatedAt), .date(archivedAt), .text(id), .int(expectedVersion)]
    }

    init(row: SQLRow) {
        let created = row.date("created_at") ?? Date(timeIntervalSince1970: 0)
        self.init(id: row.string("id") ?? "", number: row.string("number") ?? "", subject: row.string("subject") ?? "",
                  channel: row.string("channel").flatMap(TicketChannel.init(rawValue:)) ?? .email,
                  priority: row.string("priority").flatMap(TicketPriority.init(rawValue:)) ?? .normal, at: created)
        description = row.string("description") ?? ""
        contactID = row.string("contact_id")
        companyID = row.string("company_id")
        orderID = row.string("order_id")
        invoiceID = row.string("invoice_id")
        productID = row.string("product_id")
        category = row.string("category")
        status = row.string("status").flatMap(TicketStatus.init(rawValue:)) ?? .new
        assigneeID = row.string("assignee_id")
        firstResponseDueAt = row.date("first_response_due_at")
        resolutionDueAt = row.date("resolution_due_at")
        firstRespondedAt = row.date("first_responded_at")
        resolvedAt = row.date("resolved_at")
        closedAt = row.date("closed_at")
        firstResponseBreachedAt = row.date("first_response_breached_at")
        resolutionBreachedAt = row.date("resolution_breached_at")
        satisfactionScore = row.int("satisfaction_score")
        satisfactionComment = row.string("satisfaction_comment")
        ratedAt = row.date("rated_at")
        version = row.int("version") ?? 1
        updatedAt = row.date("updated_at") ?? created
        archivedAt = row.date("archived_at")
    }
}

extension TicketMessage {
    static let insertTarget = InsertTarget("ticket_messages", [
        "id", "ticket_id", "kind", "author_id", "from_address", "subject", "body", "message_id", "in_reply_to", "automatic", "created_at",
    ])

    var insertBinds: [SQLValue] {
        [.text(id), .text(ticketID), .text(kind.rawValue), .string(authorID), .string(fromAddress), .string(subject), .text(body),
         .string(messageID), .string(inReplyTo), .bool(automatic), .date(createdAt)]
    }

    init(row: SQLRow) {
        self.init(id: row.string("id") ?? "", ticketID: row.string("ticket_id") ?? "",
                  kind: row.string("kind").flatMap(TicketMessageKind.init(rawValue:)) ?? .note, body: row.string("body") ?? "",
                  at: row.date("created_at") ?? Date(timeIntervalSince1970: 0))
        authorID = row.string("author_id")
        fromAddress = row.string("from_address")
        subject = row.string("subject")
        messageID = row.string("message_id")
        inReplyTo = row.string("in_reply_to")
        automatic = row.bool("automatic")
    }
}

extension SavedReply {
    init(row: SQLRow) {
        let created = row.date("created_at") ?? Date(timeIntervalSince1970: 0)
        self.init(id: row.string("id") ?? "", title: row.string("title") ?? "", body: row.string("body") ?? "", at: created)
        version = row.int("version") ?? 1
        updatedAt = row.date("updated_at") ?? created
        archivedAt = row.date("archived_at")
    }
}
