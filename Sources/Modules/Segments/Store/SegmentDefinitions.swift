import CarnetCore
import CarnetStore
import Foundation

/// Segments as a JSON file kept under version control: `{"segments": [{"name", "description", "filter"}]}`.
///
/// `carnet segments export` writes every segment, by name; `carnet segments import FILE`
/// creates the segments the file names and changes those whose description or filter differ,
/// matched by name, all in one transaction (a problem anywhere changes nothing, and names its
/// place: `segments[2].filter.all[0].field`). Segments missing from the file are left alone.
public struct SegmentDefinitions: Sendable {
    public let context: ServiceContext
    var segments: SegmentService { SegmentService(context: context) }

    public init(context: ServiceContext) {
        self.context = context
    }

    /// What an import did, by segment name.
    public struct Summary: Sendable, Equatable {
        public var created: [String] = []
        public var updated: [String] = []
        public var unchanged: [String] = []

        public init(created: [String] = [], updated: [String] = [], unchanged: [String] = []) {
            self.created = created
            self.updated = updated
            self.unchanged = unchanged
        }
    }

    /// One segment of the file.
    struct Definition: Codable {
        var name: String
        var description: String?
        var filter: JSONValue
    }

    struct File: Codable {
        var segments: [Definition]
    }

    /// Every segment, by name, as the file holds them.
    public func export(_ conn: any SQLConnection) throws -> Data {
        let rows = try conn.query("SELECT * FROM segments ORDER BY name, id", [])
        let file = File(segments: rows.map(SegmentService.segment).map { Definition(name: $0.name, description: $0.description, filter: $0.filter) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(file) + Data("\n".utf8)
    }

    /// Creates or changes the file's segments, matched by name.
    public func importFile(_ data: Data, actor: Actor, _ conn: any SQLConnection) throws -> Summary {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw CarnetError.malformed(detail: "The file is not {\"segments\": [{\"name\", \"description\", \"filter\"}, ...]}: \(error)", field: "segments")
        }
        let parser = try segments.parser(language: .en, conn)
        var problems: [FieldError] = []
        var seen = Set<String>()
        for (index, definition) in file.segments.enumerated() {
            if definition.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append(FieldError("segments[\(index)].name", L10n.text("validation.required", .en)))
            } else if !seen.insert(definition.name).inserted {
                problems.append(FieldError("segments[\(index)].name", "names a segment already in the file"))
            }
            do { _ = try parser.parse(definition.filter, path: "segments[\(index)].filter") } catch {
                if case .validation(let errors) = error { problems += errors }
            }
        }
        guard problems.isEmpty else { throw CarnetError.validation(problems) }
        var summary = Summary()
        for definition in file.segments {
            let patch = SegmentPatch(name: .some(definition.name), description: .some(definition.description), filter: .some(definition.filter))
            if let current = try segments.find(name: definition.name, conn) {
                let changed = try segments.update(current.id, patch, expectedVersion: nil, actor: actor, conn)
                if changed.version == current.version { summary.unchanged.append(definition.name) } else { summary.updated.append(definition.name) }
            } else {
                _ = try segments.create(patch, actor: actor, conn)
                summary.created.append(definition.name)
            }
        }
        return summary
    }
}
