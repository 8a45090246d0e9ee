import ArgumentParser
import CarnetCore
import CarnetStore
import Foundation

/// `carnet export contacts [--output FILE]`: write the contacts as CSV.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export data as CSV files.",
        subcommands: [Contacts.self]
    )

    /// `carnet export contacts [--output FILE]`.
    struct Contacts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export all live contacts as CSV.",
            discussion: """
                Writes UTF-8, comma-separated CSV with a header line, in the columns `carnet import contacts` \
                reads back: first_name, last_name, email, phones, title, company, street, postcode, city, region, \
                country, source, external_ref, tags, owner, email_opt_in, do_not_email, then one custom.<name> \
                column per custom field. Archived contacts are left out. Contacts are read a thousand at a \
                time, so large databases export in constant memory.
                """
        )

        @OptionGroup var options: GlobalOptions

        @Option(name: [.short, .long], help: ArgumentHelp("The file to write, replaced if it exists (default: standard output).", valueName: "file"))
        var output: String?

        func validate() throws {
            guard let output else { return }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue {
                throw ValidationError("--output \(output) is a folder; give a file name.")
            }
            let folder = URL(fileURLWithPath: output).deletingLastPathComponent().path
            guard FileManager.default.fileExists(atPath: folder) else { throw ValidationError("--output \(output): the folder \(folder) does not exist.") }
        }

        func run() async throws {
            let config = try Runtime.loadConfig(options)
            let handle: FileHandle
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: nil), let file = FileHandle(forWritingAtPath: output) else {
                    throw ValidationError("Cannot write \(output).")
                }
                handle = file
            } else {
                handle = FileHandle.standardOutput
            }
            let count = try await Runtime.withServices(config) { services in
                try await ContactExporter(database: services.database).export(as: .system) { chunk in try handle.write(contentsOf: Data(chunk.utf8)) }
            }
            if output != nil { try handle.close() }
            FileHandle.standardError.write(Data("Exported \(count) contact\(count == 1 ? "" : "s")\(output.map { " to \($0)" } ?? "").\n".utf8))
        }
    }
}
