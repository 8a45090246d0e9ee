import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `/import`: paste or pick a CSV file of contacts, see each column's field (guessed, and
/// changeable), the first rows and every bad row with its line, then import. The same
/// importer as `carnet import contacts`; a file is limited to the body limit (1 MB by
/// default): larger ones go through the CLI.
struct ImportPages {
    let kit: WebKit

    func register(_ pages: PageRouter) {
        let kit = self.kit
        pages.get("/import", .manage) { page in
            kit.renderer.response("import", page.layout(title: L10n.text("web.import", page.language), active: "contacts"))
        }
        pages.post("/import/preview", .manage) { page in
            try await Self.run(kit, page, dryRun: true)
        }
        pages.post("/import", .manage) { page in
            try await Self.run(kit, page, dryRun: false)
        }
    }

    static func run(_ kit: WebKit, _ page: PageRequest, dryRun: Bool) async throws -> Response {
        var data = page.layout(title: L10n.text("web.import", page.language), active: "contacts")
        let csv = page.form.values["csv"] ?? ""
        data["csv"] = csv
        data["upsert"] = page.form["upsert"] != nil
        data["skip_invalid"] = page.form["skip_invalid"] != nil
        do {
            let header = try ImportPreview(csv: csv).columns.map(\.header)
            var columnMap: [String: String] = [:]
            for (index, name) in header.enumerated() {
                if let target = page.form["map_\(index)"] { columnMap[name] = target }
            }
            let preview = try ImportPreview(csv: csv, columnMap: columnMap)
            let options = ImportOptions(dryRun: dryRun, upsertBy: page.form["upsert"] != nil ? .email : nil,
                                        skipInvalid: page.form["skip_invalid"] != nil, columnMap: columnMap, fileName: "web")
            let report = try await ContactImporter(services: kit.services).run(csv: csv, options: options, actor: page.actor)
            data["columns"] = preview.columns.enumerated().map { index, column in
                let current = column.target == .ignored ? "ignore" : column.target.description
                return ["index": index, "header": column.header,
                        "targets": ImportPreview.targets.map { ["value": $0, "selected": $0 == current] as [String: Any] }] as [String: Any]
            }
            data["rows"] = preview.rows.map { ["cells": $0] }
            data["errors"] = report.errors.map { error in
                ["line": error.line, "problems": error.errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")] as [String: Any]
            }
            data["report"] = [
                "rows": report.rows, "created": report.created, "updated": report.updated, "unchanged": report.unchanged,
                "skipped": report.skipped, "rejected": report.rejected, "dry_run": dryRun, "error_count": report.errors.count,
            ] as [String: Any]
            data["has_columns"] = !preview.columns.isEmpty
            data["has_rows"] = !preview.rows.isEmpty
            data["has_errors"] = !report.errors.isEmpty
            data["done"] = !dryRun && !report.failed
            return kit.renderer.response("import", data, status: !dryRun && report.failed ? .unprocessableContent : .ok)
        } catch let error as CarnetError {
            data["message"] = error.detail
            return kit.renderer.response("import", data, status: .unprocessableContent)
        }
    }
}
