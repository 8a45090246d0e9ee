import CarnetCore
import CarnetStore
import Foundation

/// Captures a list of badges scanned at a fair through one form, in one transaction: each badge
/// is checked and captured like a submission (matching, assignment, `lead.captured`).
///
/// Like the contacts import: one invalid badge rejects the whole list (a 422 naming
/// `items[i].field` for every problem, nothing stored) unless `skipInvalid`, which stores the
/// valid ones and reports the others. A badge the store refuses (a plugin's rule, a company
/// field the core finds invalid) is undone alone through a savepoint.
public struct BulkCaptureService: Sendable {
    public let services: Services
    public let settings: CaptureSettings

    public init(services: Services, settings: CaptureSettings) {
        self.services = services
        self.settings = settings
    }

    /// Captures `items` (each input name → text) sent to `form` by `actor`.
    public func run(_ items: [[String: String]], form: CaptureForm, skipInvalid: Bool, actor: Actor, language: Language = .en,
                    _ conn: any SQLConnection) throws -> BulkCaptureResult {
        try actor.require(.write)
        var check = Validator()
        if items.isEmpty { check.fail("items", L10n.text("capture.bulk_empty", language)) }
        if items.count > CaptureSettings.bulkLimit {
            check.fail("items", L10n.text("capture.bulk_too_many", language, ["max": String(CaptureSettings.bulkLimit), "count": String(items.count)]))
        }
        try check.check()
        let capture = LeadCaptureService(services: services, settings: settings)
        let assigner = try LeadAssigner(services: services, settings: settings, conn)
        var result = BulkCaptureResult()
        var problems: [FieldError] = []
        for (index, values) in items.enumerated() {
            do {
                let lead = try form.read(values, language: language)
                let outcome = try conn.savepoint { try capture.capture(lead, form: form, channel: .bulk, actor: actor, assigner: assigner, conn) }
                if outcome.created { result.created += 1 } else { result.updated += 1 }
                result.rows.append(.init(index: index, status: outcome.created ? "created" : "updated", contactID: outcome.contactID,
                                         dealID: outcome.dealID, errors: []))
            } catch let error as CarnetError {
                let errors = Self.fieldErrors(error)
                problems += errors.map { FieldError("items[\(index)].\($0.field)", $0.message) }
                result.skipped += 1
                result.rows.append(.init(index: index, status: "error", contactID: nil, dealID: nil, errors: errors))
            }
        }
        if !problems.isEmpty && !skipInvalid { throw CarnetError.validation(problems) }
        return result
    }

    /// A refusal as field errors: a validation's own, or one error on `item` saying why.
    static func fieldErrors(_ error: CarnetError) -> [FieldError] {
        switch error {
        case .validation(let errors), .stageRule(_, let errors): errors
        case .duplicate(_, let field, _): [FieldError(field, error.detail)]
        case .malformed(let detail, let field): [FieldError(field ?? "item", detail)]
        default: [FieldError("item", error.detail)]
        }
    }

    /// The badges of a CSV text: a header row of input names, then one badge a line (blank
    /// lines skipped; columns that name no field are ignored by the form).
    public static func items(csv text: String) throws -> [[String: String]] {
        var reader = CSVReader(text: text)
        guard let header = try reader.next() else { return [] }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var items: [[String: String]] = []
        while let record = try reader.next() {
            guard !record.isBlank else { continue }
            var values: [String: String] = [:]
            for (name, value) in zip(names, record.fields) where !name.isEmpty { values[name] = value }
            items.append(values)
        }
        return items
    }
}
