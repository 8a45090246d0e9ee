import ArgumentParser
import CarnetCore
import CarnetHTTP
import CarnetSegments
import CarnetStore
import Foundation

/// `carnet segments export|import`: segments as a JSON file kept under version control (module `segments`).
struct SegmentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segments",
        abstract: "Export segments to a JSON file, or import them from one.",
        discussion: """
            Needs the segments module (`carnet modules enable segments`). The file is \
            {"segments": [{"name": ..., "description": ..., "filter": {...}}]}; an import matches segments \
            by name, creates the missing ones and changes the others, all or nothing: \
            carnet segments export > segments.json; carnet segments import segments.json
            """,
        subcommands: [Export.self, Import.self]
    )

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every segment as JSON, by name.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let config = try Runtime.loadConfig(options)
            let data: Data
            do {
                data = try await Runtime.withServices(config) { services in
                    let enabled = try await services.database.read { conn in try services.modules.enabled(conn) }
                    guard enabled.contains("segments") else { throw CarnetError.moduleDisabled(module: "segments") }
                    return try await services.database.read { conn in try SegmentDefinitions(context: services.context).export(conn) }
                }
            } catch let error as CarnetError {
                throw error.exit
            }
            FileHandle.standardOutput.write(data)
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create or change segments from a JSON file, matched by name.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The JSON file, as `carnet segments export` writes it.")
        var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Cannot read \(file).") }
            let config = try Runtime.loadConfig(options)
            let summary: SegmentDefinitions.Summary
            do {
                summary = try await Runtime.withServices(config) { services in
                    let enabled = try await services.database.read { conn in try services.modules.enabled(conn) }
                    guard enabled.contains("segments") else { throw CarnetError.moduleDisabled(module: "segments") }
                    return try await services.database.write { conn in try SegmentDefinitions(context: services.context).importFile(data, actor: .system, conn) }
                }
            } catch let error as CarnetError {
                throw error.exit
            }
            for (label, names) in [("created", summary.created), ("updated", summary.updated), ("unchanged", summary.unchanged)] where !names.isEmpty {
                print("\(label): \(names.joined(separator: ", "))")
            }
            if summary.created.isEmpty && summary.updated.isEmpty && summary.unchanged.isEmpty { print("The file holds no segment.") }
        }
    }
}
