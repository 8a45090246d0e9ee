import CarnetCore
import Foundation

/// One data row of an import file read into a contact patch, before the database is consulted.
struct ImportedRow: Sendable {
    var line: Int
    var patch = ContactPatch()
    /// The company's name as written, to find or create it.
    var companyName: String?
    /// The owner's e-mail, normalised, to find the user.
    var ownerEmail: String?
    /// Values that could not be read (a boolean that is not one).
    var errors: [FieldError] = []
    /// The e-mail the row gives, as the store's `email_key` holds it.
    private(set) var emailKey: String?
    /// The company's name folded, as `name_key` and `company_key` hold it.
    private(set) var companyKey: String?

    /// The rows of `records`, read on every core: reading cells costs more than splitting
    /// the file into records, which only one thread can do.
    static func rows(of records: [CSVRecord], mapping: ColumnMapping) -> [ImportedRow] {
        let chunk = 2_048
        return Array(unsafeUninitializedCapacity: records.count) { buffer, count in
            // Each part initializes its own range of the buffer.
            nonisolated(unsafe) let base = buffer.baseAddress
            DispatchQueue.concurrentPerform(iterations: (records.count + chunk - 1) / chunk) { part in
                for index in part * chunk..<min(records.count, (part + 1) * chunk) {
                    (base! + index).initialize(to: ImportedRow(records[index], mapping: mapping))
                }
            }
            count = records.count
        }
    }

    /// Reads the cells of a record through the mapping; empty cells leave their field out of the patch.
    init(_ record: CSVRecord, mapping: ColumnMapping) {
        line = record.line
        var phones: [String] = [], tags: [String] = [], custom: [String: JSONValue] = [:]
        let width = mapping.columns.count
        if record.fields.dropFirst(width).contains(where: { !$0.isBlank }) {
            errors.append(FieldError("row", "has \(record.fields.count) values but the header has \(width) columns; quote values that contain the delimiter"))
        }
        for (index, cell) in record.fields.prefix(width).enumerated() {
            guard let value = cell.trimmedOrNil else { continue }
            switch mapping.columns[index].target {
            case .ignored: break
            case .custom(let name): custom[name] = CustomFieldText.value(cell)
            case .field(let column):
                switch column {
                case .firstName: patch.firstName = value
                case .lastName: patch.lastName = value
                case .email: patch.email = value
                case .phones: phones += Self.list(value)
                case .title: patch.title = value
                case .company: companyName = value
                case .street: patch.street = value
                case .postcode: patch.postcode = value
                case .city: patch.city = value
                case .region: patch.region = value
                case .country: patch.country = value
                case .source: patch.source = value
                case .externalRef: patch.externalRef = value
                case .tags: tags += Self.list(value)
                case .owner: ownerEmail = EmailAddress.normalized(value)
                case .emailOptIn: if let flag = boolean(value, column) { patch.emailOptIn = flag }
                case .doNotEmail: if let flag = boolean(value, column) { patch.doNotEmail = flag }
                }
            }
        }
        if !phones.isEmpty { patch.phones = phones }
        if !tags.isEmpty { patch.tags = tags }
        if !custom.isEmpty { patch.customFields = custom }
        emailKey = (patch.email ?? nil).map { SearchKey.fold(EmailAddress.normalized($0)) }
        companyKey = companyName.map(SearchKey.fold)
    }

    /// The external reference the row gives, trimmed as the contact will store it.
    var externalRef: String? {
        patch.externalRef ?? nil
    }

    /// Items of a (trimmed) list cell, separated by `;` or `|`.
    private static func list(_ cell: String) -> [String] {
        // Most cells hold one item: skip splitting them `Character` by `Character`.
        guard cell.utf8.contains(where: { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: "|") }) else { return [cell] }
        return cell.split(whereSeparator: { $0 == ";" || $0 == "|" }).compactMap { String($0).trimmedOrNil }
    }

    /// A yes/no cell; anything else is an error on the field.
    private mutating func boolean(_ cell: String, _ column: ContactColumn) -> Bool? {
        switch cell.lowercased() {
        case "true", "yes", "oui", "vrai", "1", "y", "o": return true
        case "false", "no", "non", "faux", "0", "n": return false
        default:
            errors.append(FieldError(column.rawValue, "must be true or false (also yes/no, oui/non, 1/0), got \(cell)"))
            return nil
        }
    }
}
