import ArgumentParser
import CarnetCore
import CarnetStore
import Foundation

/// `carnet import contacts FILE.csv`: bring contacts in from a spreadsheet.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import data from CSV files.",
        subcommands: [Contacts.self]
    )

    /// `carnet import contacts FILE.csv [--dry-run] [--upsert-by email|external_ref] [--skip-invalid] [--as EMAIL] [--map HEADER=FIELD]`.
    struct Contacts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import contacts from a CSV file.",
            discussion: """
                The file is UTF-8 text (a byte order mark is fine), comma- or semicolon-separated, with a \
                header line naming the columns. Headers are recognised in English and French, whatever their \
                case and accents: first_name/prénom, last_name/nom, email/courriel, phones/téléphone, \
                title/fonction/poste, company/société/entreprise (found by name or created), street/adresse, \
                postcode/code postal, city/ville, region/région, country/pays, source, external_ref/id externe, \
                tags (separated by ; or |), owner (a user's e-mail), email_opt_in and do_not_email \
                (true/false, yes/no, oui/non, 1/0), and custom.<name> for a custom field. Other columns are \
                ignored and listed; --map assigns them. Empty cells leave a field unchanged.

                The import is all or nothing: one invalid row and nothing is written, and every invalid row \
                is listed with its line number (line 1 is the header). Use --dry-run to check a file first, \
                --skip-invalid to import the valid rows anyway. A row whose e-mail a contact already has is \
                an error unless --upsert-by says to update that contact. The exit status is 1 when nothing \
                was imported because of errors.
                """
        )

        @OptionGroup var options: GlobalOptions

        @Argument(help: "The CSV file to import.")
        var file: String

        @Flag(help: "Check the whole file and report what would happen, writing nothing.")
        var dryRun = false

        @Option(help: "Update the existing contact with the same email or external_ref instead of reporting a duplicate.")
        var upsertBy: UpsertKey?

        @Flag(help: "Import the valid rows and report the invalid ones, instead of importing nothing.")
        var skipInvalid = false

        @Option(name: .customLong("as"), help: ArgumentHelp("The user credited with the import, owner of the contacts whose row names none (default: no owner).", valueName: "email"))
        var asUser: String?

        @Option(help: ArgumentHelp("Send a column to a field: a contact field, custom.<name>, or ignore. Repeat for several columns.", valueName: "header=field"))
        var map: [String] = []

        func validate() throws {
            guard FileManager.default.isReadableFile(atPath: file) else { throw ValidationError("Cannot read \(file).") }
            if let asUser, !EmailAddress.isValid(asUser) { throw ValidationError("--as \(asUser) is not a valid e-mail address.") }
            for entry in map where !entry.contains("=") || entry.hasPrefix("=") {
                throw ValidationError("--map \(entry): write HEADER=FIELD, for example --map \"Mobile=phones\" or --map \"Notes=custom.notes\".")
            }
        }

        func run() async throws {
            let config = try Runtime.loadConfig(options)
            let csv: String
            do {
                csv = try ContactImporter.text(of: Data(contentsOf: URL(fileURLWithPath: file)))
            } catch let error as CarnetError {
                throw error.exit
            }
            var columnMap: [String: String] = [:]
            for entry in map {
                let parts = entry.split(separator: "=", maxSplits: 1)
                columnMap[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
            let importOptions = ImportOptions(dryRun: dryRun, upsertBy: upsertBy, skipInvalid: skipInvalid, columnMap: columnMap,
                                              fileName: URL(fileURLWithPath: file).lastPathComponent)
            let asUser = self.asUser
            let report: ImportReport
            do {
                report = try await Runtime.withServices(config) { services in
                    var actor = Actor.system
                    if let email = asUser {
                        guard let user = try await services.database.read({ conn in try services.users.find(email: email, conn) }) else {
                            throw ValidationError("--as \(email): no user has this e-mail; `carnet user list` shows the users.")
                        }
                        // The command runs with the server's own rights; --as only credits the user.
                        actor = Actor(userID: user.id, role: Actor.system.role, name: user.name)
                    }
                    return try await ContactImporter(services: services).run(csv: csv, options: importOptions, actor: actor)
                }
            } catch let error as CarnetError {
                throw error.exit
            }
            print(Self.describe(report))
            if report.failed { throw ExitCode.failure }
        }

        /// The report as a person reads it: what happened, then each bad row.
        static func describe(_ report: ImportReport) -> String {
            let file = report.fileName ?? "the file"
            var lines: [String] = []
            let rows = "\(report.rows) row\(report.rows == 1 ? "" : "s")"
            if report.rejected {
                let bad = report.errors.count
                lines.append("\(report.dryRun ? "Dry run: " : "")\(file): \(rows), \(bad) invalid. Nothing \(report.dryRun ? "would be" : "was") imported.")
                let valid = report.rows - bad
                lines.append(valid == 0 ? "Fix the rows below and import again."
                    : "Fix the rows below and import again, or use --skip-invalid to import the \(valid) valid row\(valid == 1 ? "" : "s").")
            } else {
                let companies = "\(report.companiesCreated) compan\(report.companiesCreated == 1 ? "y" : "ies")"
                lines.append(report.dryRun
                    ? "Dry run of \(file), nothing written: \(rows) — \(report.created) to create, \(report.updated) to update, \(report.unchanged) unchanged, \(report.skipped) to skip; \(companies) to create."
                    : "Imported \(file): \(rows) — \(report.created) created, \(report.updated) updated, \(report.unchanged) unchanged, \(report.skipped) skipped; \(companies) created.")
            }
            if !report.mapping.isEmpty {
                lines.append("Columns: " + report.mapping.map { $0.header == $0.target.description ? $0.header : "\($0.header) → \($0.target)" }.joined(separator: ", "))
            }
            if !report.ignoredColumns.isEmpty {
                lines.append("Ignored columns: \(report.ignoredColumns.joined(separator: ", ")) (use --map \"HEADER=field\" to import them).")
            }
            for row in report.errors {
                for error in row.errors { lines.append("line \(row.line): \(error.field): \(error.message)") }
            }
            return lines.joined(separator: "\n")
        }
    }
}

extension UpsertKey: ExpressibleByArgument {}
