import CarnetCore
import Foundation

/// Imports contacts from CSV text, all rows in one transaction.
///
/// Rows are read and checked in memory with the core's rules (`Contact.apply`, `validate`);
/// owners, companies and existing contacts are looked up once for the whole file (see
/// `lookup`). New contacts and their tags go in through the store's bulk path
/// (`SQLConnection.insert`) while the following rows are still being checked: checking
/// runs on a thread of its own and hands batches of rows over, so that the two overlap
/// on two cores (inserting is the larger part: 100,000 rows took 2.5 s one after the
/// other, 1.9 s overlapped). New companies are then created in bulk through
/// `CompanyService`, with the ids the new contacts already point to, matched contacts
/// updated through `ContactService.update` (audit rows and a `contact.updated` event each),
/// and one `contacts.imported` event records the import. When an invalid row rejects the
/// whole import (`skipInvalid` off), the transaction rolls back whatever went in before it
/// was found; a dry run only checks.
///
/// Empty cells leave a field as it is: an import adds and changes values, it never clears them.
public struct ContactImporter: Sendable {
    /// The bulk insert of tag rows.
    static let tagsInsert = InsertTarget("contact_tags", ["tag", "contact_id"])

    /// The type of the event written once per import.
    public static let eventType = "contacts.imported"
    /// The most values bound in one lookup query.
    private static let lookupChunk = 500
    /// New contacts per batch handed from the checking thread to the inserting one.
    private static let batchSize = 1_000
    /// Batches that may wait to be inserted.
    private static let batchesWaiting = 4
    /// The fewest rows an import drops and rebuilds indexes for (see `indexesDroppedForLargeImport`).
    public static let largeImport = 10_000

    public let services: Services

    public init(services: Services) {
        self.services = services
    }

    /// Reads a file's bytes as UTF-8 text; the error names the first line that is not UTF-8.
    public static func text(of data: Data) throws(CarnetError) -> String {
        if let text = String(data: data, encoding: .utf8) { return text }
        var line = 1
        for piece in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if String(data: Data(piece), encoding: .utf8) == nil { break }
            line += 1
        }
        throw .malformed(detail: "line \(line) is not UTF-8 text; save the file as \"CSV UTF-8\" and import it again", field: nil)
    }

    /// Imports `csv` as `actor`, who needs the manage permission and owns the new contacts
    /// whose row names no owner. Throws when the file cannot be read at all (no header,
    /// a broken quote, a bad mapping); invalid rows are reported, not thrown.
    public func run(csv: String, options: ImportOptions, actor: Actor) async throws -> ImportReport {
        try actor.require(.manage)
        let (mapping, rows) = try Self.read(csv, columnMap: options.columnMap)
        var report = ImportReport(fileName: options.fileName, dryRun: options.dryRun)
        report.rows = rows.count
        report.ignoredColumns = mapping.ignoredColumns
        report.mapping = mapping.usedColumns
        let start = report
        if options.dryRun {
            return try await services.database.read { conn in
                check(rows, try lookUp(rows, options: options, conn), report: start, options: options, actor: actor, into: nil).report
            }
        }
        do {
            return try await services.database.write { conn in
                try withImportCache(conn) {
                    let lookups = try lookUp(rows, options: options, conn)
                    let indexes = try indexesDroppedForLargeImport(rows.count, conn)
                    var plan = try insertWhileChecking(rows, lookups, report: start, options: options, actor: actor, conn)
                    // Rolls back the rows inserted before the first invalid one was found (and the dropped indexes).
                    guard !plan.report.rejected else { throw Rejected(report: plan.report) }
                    try indexes?.restore(conn)
                    try finish(&plan, actor: actor, conn)
                    return plan.report
                }
            }
        } catch let rejected as Rejected {
            return rejected.report
        }
    }

    /// Thrown out of the transaction of an import that invalid rows rejected, so that it rolls back.
    private struct Rejected: Error {
        let report: ImportReport
    }

    /// The mapping of the header line and the data rows, blank lines left out.
    private static func read(_ csv: String, columnMap: [String: String]) throws(CarnetError) -> (ColumnMapping, [ImportedRow]) {
        var reader = CSVReader(text: csv)
        guard let header = try reader.next(), !header.isBlank else {
            throw .malformed(detail: "The file is empty: its first line must name the columns (first_name, last_name, email, ...).", field: nil)
        }
        let mapping = try ColumnMapping(header: header.fields.map { $0.trimmingCharacters(in: .whitespaces) }, overrides: columnMap)
        guard !mapping.usedColumns.isEmpty else {
            throw .malformed(detail: "No column of the header (\(header.fields.joined(separator: ", "))) names a contact field; name them first_name, last_name, email, ... or map them with --map \"Header=field\".", field: nil)
        }
        var records: [CSVRecord] = []
        while let record = try reader.next() {
            if !record.isBlank { records.append(record) }
        }
        return (mapping, ImportedRow.rows(of: records, mapping: mapping))
    }

    /// What the checks need from the database, read once for the whole file.
    private struct Lookups: Sendable {
        /// User ids by e-mail, for the rows that name an owner.
        var owners: [String: String] = [:]
        /// Live companies by folded name.
        var companies: [String: ImportPlan.CompanyRef] = [:]
        /// Each company name of the file as first written, by folded name.
        var companyNames: [String: String] = [:]
        /// The oldest live contact with each e-mail key, and with each external reference (upsert by reference only).
        var byEmail: [String: SQLRow] = [:], byRef: [String: SQLRow] = [:]
    }

    /// The lookups for these rows, read in the caller's transaction.
    private func lookUp(_ rows: [ImportedRow], options: ImportOptions, _ conn: any SQLConnection) throws -> Lookups {
        var lookups = Lookups()
        for row in try Self.lookup("id, email", from: "users", where: "1 = 1", key: "email", Set(rows.compactMap(\.ownerEmail)), conn) {
            if let email = row.string("email"), let id = row.string("id") { lookups.owners[email] = id }
        }
        for row in rows {
            if let name = row.companyName, let key = row.companyKey, lookups.companyNames[key] == nil { lookups.companyNames[key] = name }
        }
        for row in try Self.lookup("id, name, name_key", from: "companies", where: "archived_at IS NULL", key: "name_key", Set(lookups.companyNames.keys), conn) {
            if let key = row.string("name_key"), let id = row.string("id"), lookups.companies[key].map({ id < $0.id }) ?? true {
                lookups.companies[key] = ImportPlan.CompanyRef(id: id, name: row.string("name") ?? "")
            }
        }
        lookups.byEmail = try Self.oldestByKey(
            Self.lookup(options.upsertBy == .email ? "*" : "id, email_key", from: "contacts", where: "archived_at IS NULL",
                        key: "email_key", Set(rows.compactMap(\.emailKey)), conn),
            key: "email_key")
        if options.upsertBy == .externalRef {
            lookups.byRef = try Self.oldestByKey(
                Self.lookup("*", from: "contacts", where: "archived_at IS NULL", key: "external_ref", Set(rows.compactMap(\.externalRef)), conn),
                key: "external_ref")
        }
        return lookups
    }

    /// The values of new contacts and of their tags, ready to insert, one row after the other.
    private struct Batch: Sendable {
        var contacts: [SQLValue] = []
        var tags: [SQLValue] = []
        /// The new contacts as duplicate detection sees them, indexed with the batch.
        var profiles: [DuplicateProfile] = []
    }

    /// Checks every row against the core's rules and the lookups, writing nothing; with a
    /// handoff, sends the new contacts' values there in batches, until a row is invalid
    /// and `skipInvalid` is off (the import is rejected then).
    private func check(_ rows: [ImportedRow], _ lookups: Lookups, report: ImportReport, options: ImportOptions, actor: Actor,
                       into handoff: Handoff<Batch, ImportPlan>?) -> ImportPlan {
        var plan = ImportPlan(companies: lookups.companies, report: report)
        let now = services.context.clock.now
        // New ids come from one system-seeded generator (the system one costs a syscall per
        // draw), sorted so that rows go in in id order and the id index only appends. Their
        // random numbers are sorted, not their texts: sorting 100,000 texts took 40 ms while
        // the inserting thread waited for its first batch.
        var generator = SplitMix64(seed: UInt64.random(in: .min ... .max))
        let newIDs = (0..<rows.count).map { _ in (generator.next(), UInt16(truncatingIfNeeded: generator.next())) }.sorted(by: <)
        var emailLines: [String: Int] = [:], refLines: [String: Int] = [:]
        emailLines.reserveCapacity(rows.count)
        var batch = Batch()
        // Nothing more to insert once a row rejects the whole import; the rows after it are still checked.
        var rejected = false
        for (index, row) in rows.enumerated() {
            var errors = row.errors
            var patch = row.patch
            if let email = row.ownerEmail {
                if let id = lookups.owners[email] { patch.ownerID = id } else { errors.append(FieldError("owner", "no user with e-mail \(email)")) }
            }
            let companyKey = row.companyKey
            let company = companyKey.flatMap { lookups.companies[$0] }
            if let name = row.companyName, company == nil, name.utf8.count > Limits.shortText, name.count > Limits.shortText {
                errors.append(FieldError("company", "a company name must be at most \(Limits.shortText) characters (got \(name.count))"))
            }
            let current: Contact? = switch options.upsertBy {
            case .email: row.emailKey.flatMap { lookups.byEmail[$0] }.map(Contact.init(row:))
            case .externalRef: row.externalRef.flatMap { lookups.byRef[$0] }.map(Contact.init(row:))
            case nil: nil
            }
            var contact: Contact
            if let current {
                contact = current
            } else {
                contact = Contact(id: EntityID.make(IDPrefix.contact, at: now, random: newIDs[index].0, newIDs[index].1), at: now)
                contact.ownerID = actor.userID
            }
            contact.apply(patch)
            do {
                try contact.validate()
            } catch {
                if case .validation(let fields) = error { errors += fields }
            }
            if let key = row.emailKey {
                if let line = emailLines[key] {
                    errors.append(FieldError("email", "line \(line) has the same e-mail; a file lists each contact once"))
                } else {
                    emailLines[key] = row.line
                }
                if let other = lookups.byEmail[key]?.string("id"), other != current?.id {
                    errors.append(FieldError("email", options.upsertBy == nil
                        ? "contact \(other) already has this e-mail; import with --upsert-by email to update it"
                        : "contact \(other) already has this e-mail"))
                }
            }
            if options.upsertBy == .externalRef, let ref = row.externalRef {
                if let line = refLines[ref] {
                    errors.append(FieldError("external_ref", "line \(line) has the same external reference; a file lists each contact once"))
                } else {
                    refLines[ref] = row.line
                }
            }
            guard errors.isEmpty else {
                plan.report.errors.append(RowError(line: row.line, errors: errors))
                if !options.skipInvalid { rejected = true }
                continue
            }
            if let key = companyKey, company == nil, plan.newCompanies[key] == nil {
                plan.newCompanies[key] = ImportPlan.CompanyRef(id: EntityID.make(IDPrefix.company, at: now, using: &generator), name: lookups.companyNames[key] ?? "")
            }
            if let current {
                plan.updates.append(ImportPlan.Update(current: current, patch: patch, companyKey: companyKey))
                if options.dryRun {
                    if companyKey != nil { contact.companyID = company?.id ?? "a new company" }
                    if FieldChange.between(current, contact).isEmpty { plan.report.unchanged += 1 } else { plan.report.updated += 1 }
                }
                continue
            }
            plan.report.created += 1
            guard !rejected, let handoff else { continue }
            let target = company ?? companyKey.flatMap { plan.newCompanies[$0] }
            contact.companyID = target?.id
            batch.contacts += contact.insertBinds(companyName: target?.name)
            batch.profiles.append(DuplicateProfile(contact: contact, region: services.context.dataQuality.phoneRegion))
            // `Contact.normalize` already dropped the tags that differ only by case.
            for tag in contact.tags { batch.tags += [.text(tag.lowercased()), .text(contact.id)] }
            if batch.contacts.count == Self.batchSize * Contact.insertColumns.count {
                // The inserting side stopped on an error: nobody waits for the plan.
                guard handoff.send(batch) else { return plan }
                batch = Batch()
            }
        }
        if !rejected, let handoff, !batch.contacts.isEmpty, !handoff.send(batch) { return plan }

        if !plan.report.errors.isEmpty && !options.skipInvalid {
            plan.report.rejected = true
            plan.report.created = 0
            plan.report.updated = 0
            plan.report.unchanged = 0
            return plan
        }
        plan.report.skipped = plan.report.errors.count
        plan.report.companiesCreated = plan.newCompanies.count
        return plan
    }

    /// Checks the rows on a thread of its own and inserts the new contacts as batches come:
    /// SQLite's writer (or the PostgreSQL connection's thread) is this one.
    private func insertWhileChecking(_ rows: [ImportedRow], _ lookups: Lookups, report: ImportReport, options: ImportOptions, actor: Actor,
                                     _ conn: any SQLConnection) throws -> ImportPlan {
        let handoff = Handoff<Batch, ImportPlan>(capacity: Self.batchesWaiting)
        Thread {
            handoff.finish(check(rows, lookups, report: report, options: options, actor: actor, into: handoff))
        }.start()
        // On an error, the checking thread stops at its next batch.
        defer { handoff.cancel() }
        while true {
            switch handoff.next() {
            case .batch(let batch):
                try conn.insert(into: Contact.insertTarget, values: batch.contacts)
                try conn.insert(into: ContactImporter.tagsInsert, values: batch.tags)
                try services.context.duplicates.added(.contact, batch.profiles, conn)
                handoff.done(with: batch)
            case .finished(let plan):
                return plan
            }
        }
    }

    /// On SQLite, an import of at least `largeImport` rows and at least as many as the
    /// contacts already there goes in with the secondary indexes of the tables it fills
    /// dropped, and made again once its rows are in (`SecondaryIndexes`): sorting the rows
    /// once per index is quicker than updating every index row by row, and rebuilding costs
    /// at most twice the import's own rows. Readers are not affected: they keep reading the
    /// last committed state, indexes included, until the import commits. Not on PostgreSQL,
    /// where dropping an index locks its table against every reader until the commit.
    private func indexesDroppedForLargeImport(_ rows: Int, _ conn: any SQLConnection) throws -> SecondaryIndexes? {
        guard conn.dialect.dialect == .sqlite, rows >= Self.largeImport else { return nil }
        let existing = try conn.queryOne("SELECT count(*) AS n FROM contacts", [])?.int("n") ?? 0
        guard rows >= existing else { return nil }
        return try SecondaryIndexes.drop(on: ["contacts", "contact_tags", "duplicate_keys"], conn)
    }

    /// Runs `body` with a page cache large enough for an import's whole transaction on SQLite.
    private func withImportCache<T>(_ conn: any SQLConnection, _ body: () throws -> T) throws -> T {
        guard conn.dialect.dialect == .sqlite else { return try body() }
        // Keep the whole transaction's pages in memory: with SQLite's default 2 MB cache a
        // large import spills pages to the WAL and reads them back (measured: 100,000 rows
        // took 6.0 s instead of 4.8 s, a third of it in system calls).
        let cacheSize = try conn.queryOne("PRAGMA cache_size", [])?.int("cache_size") ?? -2_000
        try conn.execute("PRAGMA cache_size = -262144")
        defer { _ = try? conn.execute("PRAGMA cache_size = \(cacheSize)") }
        return try body()
    }

    /// Creates the new companies, updates the matched contacts and records the import.
    private func finish(_ plan: inout ImportPlan, actor: Actor, _ conn: any SQLConnection) throws {
        _ = try services.companies.create(plan.newCompanies.sorted(by: { $0.key < $1.key }).map { _, company in
            var patch = CompanyPatch()
            patch.name = company.name
            return (company.id, patch)
        }, actor: actor, conn)
        for update in plan.updates {
            var patch = update.patch
            if let key = update.companyKey, let company = plan.companies[key] ?? plan.newCompanies[key] { patch.companyID = company.id }
            let saved = try services.contacts.update(update.current.id, patch, expectedVersion: nil, actor: actor, conn)
            if saved.version == update.current.version { plan.report.unchanged += 1 } else { plan.report.updated += 1 }
        }
        let report = plan.report
        let now = services.context.clock.now
        try services.changes.event(Self.eventType, entity: "import", id: EntityID.make("imp", at: now), actor: actor, payload: .object([
            "file": report.fileName.map(JSONValue.string) ?? .null,
            "rows": .number(Double(report.rows)),
            "created": .number(Double(report.created)),
            "updated": .number(Double(report.updated)),
            "unchanged": .number(Double(report.unchanged)),
            "skipped": .number(Double(report.skipped)),
            "companies_created": .number(Double(report.companiesCreated)),
        ]), conn)
    }

    /// The rows of `table` matching `condition` whose `key` is one of `values` (`columns`
    /// must include `key`): looked up in `IN (...)` queries of at most 500 values or, when
    /// fewer rows than values have a key at all (a large file into a small table, such as a
    /// first import), read in one pass and matched here.
    private static func lookup(_ columns: String, from table: String, where condition: String, key: String,
                               _ values: Set<String>, _ conn: any SQLConnection) throws -> [SQLRow] {
        guard !values.isEmpty else { return [] }
        let candidates = "SELECT \(columns) FROM \(table) WHERE \(condition) AND \(key) IS NOT NULL"
        let count = "SELECT COUNT(*) AS n FROM (SELECT 1 FROM \(table) WHERE \(condition) AND \(key) IS NOT NULL LIMIT ?) AS candidates"
        if try conn.queryOne(count, [.int(values.count)])?.int("n") ?? 0 < values.count {
            return try conn.query(candidates, []).filter { $0.string(key).map(values.contains) ?? false }
        }
        let all = Array(values)
        var rows: [SQLRow] = []
        var sql = ""
        for start in stride(from: 0, to: all.count, by: lookupChunk) {
            let chunk = all[start..<min(start + lookupChunk, all.count)]
            if start == 0 || chunk.count < lookupChunk {
                sql = candidates + " AND \(key) IN (" + repeatElement("?", count: chunk.count).joined(separator: ", ") + ")"
            }
            rows += try conn.query(sql, chunk.map { .text($0) })
        }
        return rows
    }

    /// Rows by the value of `key`, keeping the oldest (smallest id) when several share it.
    private static func oldestByKey(_ rows: [SQLRow], key: String) -> [String: SQLRow] {
        var result: [String: SQLRow] = [:]
        for row in rows {
            guard let value = row.string(key) else { continue }
            if let kept = result[value], (kept.string("id") ?? "") < (row.string("id") ?? "") { continue }
            result[value] = row
        }
        return result
    }
}
