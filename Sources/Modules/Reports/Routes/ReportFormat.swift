import CarnetCore
import Foundation

/// How a report is answered: JSON, or CSV when `?format=csv` or `Accept: text/csv` asks for it.
enum ReportFormat: String, CaseIterable {
    case json, csv

    /// `?format=` wins over the `Accept` header; any other value is a 422 naming `format`.
    init(_ request: RouteRequest, language: Language) throws(CarnetError) {
        if let text = request.query["format"] {
            guard let format = ReportFormat(rawValue: text) else {
                throw .validation([FieldError("format", L10n.text("reports.format", language, ["value": text]))])
            }
            self = format
        } else if let accept = request.headers["accept"], accept.lowercased().contains("text/csv") {
            self = .csv
        } else {
            self = .json
        }
    }

    /// The answer: the report as JSON, or its table as a CSV attachment named `<name>.csv`.
    func response(_ report: some Encodable, table: () -> ReportTable, name: String) throws -> RouteResponse {
        switch self {
        case .json:
            return try RouteResponse(encoding: report)
        case .csv:
            return RouteResponse(text: table().csv, contentType: "text/csv; charset=utf-8",
                                 headers: ["Content-Disposition": "attachment; filename=\"\(name).csv\""])
        }
    }
}
