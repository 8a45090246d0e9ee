import CarnetCore
import CarnetStore
import Foundation

extension AssignmentRule {
    static let insertSQL = """
        INSERT INTO capture_rules (id, position, kind, name, regions, countries, postcode_prefixes, industries, owner_id, user_ids, plugin_id,
            plugin_function, version, created_at, updated_at, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static let updateSQL = """
        UPDATE capture_rules SET position = ?, kind = ?, name = ?, regions = ?, countries = ?, postcode_prefixes = ?, industries = ?,
            owner_id = ?, user_ids = ?, plugin_id = ?, plugin_function = ?, version = ?, updated_at = ?, archived_at = ? WHERE id = ? AND version = ?
        """

    var insertBinds: [SQLValue] {
        [.text(id), .int(position), .text(kind.rawValue), .text(name), .json(regions), .json(countries), .json(postcodePrefixes),
         .json(industries), .string(ownerID), .json(userIDs), .string(plugin), .string(function), .int(version), .date(createdAt), .date(updatedAt),
         .date(archivedAt)]
    }

    func updateBinds(expectedVersion: Int) -> [SQLValue] {
        [.int(position), .text(kind.rawValue), .text(name), .json(regions), .json(countries), .json(postcodePrefixes), .json(industries),
         .string(ownerID), .json(userIDs), .string(plugin), .string(function), .int(version), .date(updatedAt), .date(archivedAt), .text(id),
         .int(expectedVersion)]
    }

    init(row: SQLRow) {
        self.init(id: row.string("id") ?? "", kind: row.string("kind").flatMap(AssignmentKind.init(rawValue:)) ?? .roundRobin,
                  name: row.string("name") ?? "", at: row.date("created_at") ?? Date(timeIntervalSince1970: 0))
        position = row.int("position") ?? 0
        regions = row.texts("regions")
        countries = row.texts("countries")
        postcodePrefixes = row.texts("postcode_prefixes")
        industries = row.texts("industries")
        ownerID = row.string("owner_id")
        userIDs = row.texts("user_ids")
        plugin = row.string("plugin_id")
        function = row.string("plugin_function")
        version = row.int("version") ?? 1
        updatedAt = row.date("updated_at") ?? createdAt
        archivedAt = row.date("archived_at")
    }
}
