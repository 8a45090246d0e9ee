import CarnetCore
import CarnetStore
import Foundation

extension CaptureForm {
    static let insertSQL = """
        INSERT INTO capture_forms (id, slug, title, fields, consent_text, thank_you_text, redirect_url, create_deal, tags, version,
            created_at, updated_at, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static let updateSQL = """
        UPDATE capture_forms SET slug = ?, title = ?, fields = ?, consent_text = ?, thank_you_text = ?, redirect_url = ?, create_deal = ?,
            tags = ?, version = ?, updated_at = ?, archived_at = ? WHERE id = ? AND version = ?
        """

    var insertBinds: [SQLValue] {
        [.text(id), .text(slug), .text(title), .json(fields), .string(consentText), .string(thankYouText), .string(redirectURL),
         .bool(createDeal), .json(tags), .int(version), .date(createdAt), .date(updatedAt), .date(archivedAt)]
    }

    func updateBinds(expectedVersion: Int) -> [SQLValue] {
        [.text(slug), .text(title), .json(fields), .string(consentText), .string(thankYouText), .string(redirectURL), .bool(createDeal),
         .json(tags), .int(version), .date(updatedAt), .date(archivedAt), .text(id), .int(expectedVersion)]
    }

    init(row: SQLRow) {
        self.init(id: row.string("id") ?? "", slug: row.string("slug") ?? "", title: row.string("title") ?? "",
                  fields: row.json("fields", as: [CaptureField].self, fallback: []), at: row.date("created_at") ?? Date(timeIntervalSince1970: 0))
        consentText = row.string("consent_text")
        thankYouText = row.string("thank_you_text")
        redirectURL = row.string("redirect_url")
        createDeal = row.bool("create_deal")
        tags = row.texts("tags")
        version = row.int("version") ?? 1
        updatedAt = row.date("updated_at") ?? createdAt
        archivedAt = row.date("archived_at")
    }
}
