import CarnetCore
import Foundation

extension Company {
    /// The columns of an insert: the id, then those of `fieldBinds`.
    static let insertColumns = [
        "id", "name", "name_key", "industry", "size", "annual_revenue", "currency", "region", "country", "website", "owner_id",
        "custom_fields", "version", "created_at", "updated_at", "archived_at",
    ]

    /// The insert of one or many companies, its SQL built once.
    static let insertTarget = InsertTarget("companies", insertColumns)

    static let updateSQL = """
        UPDATE companies SET name = ?, name_key = ?, industry = ?, size = ?, annual_revenue = ?, currency = ?, region = ?,
            country = ?, website = ?, owner_id = ?, custom_fields = ?, version = ?, created_at = ?, updated_at = ?, archived_at = ?
        WHERE id = ? AND version = ?
        """

    var fieldBinds: [SQLValue] {
        [
            .text(name), .text(SearchKey.fold(name)), .string(industry), .int(size), .int(annualRevenue), .string(currency?.code),
            .string(region), .string(country), .string(website), .string(ownerID), .json(customFields), .int(version),
            .date(createdAt), .date(updatedAt), .date(archivedAt),
        ]
    }

    init(row: SQLRow) {
        self.init(id: row.string("id") ?? "", at: row.date("created_at") ?? Date(timeIntervalSince1970: 0))
        name = row.string("name") ?? ""
        industry = row.string("industry")
        size = row.int("size")
        annualRevenue = row.int64("annual_revenue")
        currency = row.string("currency").flatMap(CurrencyCode.init)
        region = row.string("region")
        country = row.string("country")
        website = row.string("website")
        ownerID = row.string("owner_id")
        customFields = row.fields("custom_fields")
        version = row.int("version") ?? 1
        updatedAt = row.date("updated_at") ?? createdAt
        archivedAt = row.date("archived_at")
    }
}
