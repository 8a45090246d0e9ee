import ArgumentParser
import CarnetCore
import CarnetStore
import Foundation

/// `carnet duplicates`: the duplicate index of contacts and companies.
struct DuplicatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "Find duplicate contacts and companies.",
        subcommands: [DuplicatesScanCommand.self]
    )
}

/// `carnet duplicates scan`: rebuild the duplicate keys and candidate pairs from scratch.
struct DuplicatesScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Rebuild the duplicate keys and candidate pairs of every live contact and company.",
        discussion: """
            Every create and change keeps the index up to date on its own; run this once for data \
            written before (an upgrade) or by `carnet import`, then read the pairs at /api/v1/duplicates/contacts. \
            Each kind is rebuilt in one transaction.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Option(name: .long, help: "Only this kind: contact or company (default: both).")
    var entity: String?

    func validate() throws {
        if let entity, DuplicateEntity(rawValue: entity) == nil { throw ValidationError("--entity must be contact or company (got \(entity))") }
    }

    func run() async throws {
        let config = try Runtime.loadConfig(options)
        let kinds = entity.flatMap(DuplicateEntity.init(rawValue:)).map { [$0] } ?? DuplicateEntity.allCases
        try await Runtime.withServices(config) { services in
            for kind in kinds {
                let started = Date()
                let report = try await services.database.write { conn in try services.duplicates.rebuild(kind, conn) }
                Runtime.say("\(kind.table): \(report.records) records, \(report.keys) keys, \(report.pairs) candidate pairs in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            }
        }
    }
}
