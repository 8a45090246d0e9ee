import CarnetCapture
import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

/// Badges scanned at a fair, captured in one go.
@Suite("Bulk capture")
struct BulkCaptureTests {
    static let csv = """
        last_name,email,company,badge_color
        Lima,ana@example.com,Acme,blue
        Roy,not-an-address,Acme,red

        Dupont,dupont@example.com,Globex,blue
        """

    @Test("a bad badge rejects the whole list, naming it; nothing is stored", arguments: Backend.available)
    func allOrNothing(backend: Backend) async throws {
        try await CaptureWorld.with(backend) { world in
            let form = try await world.whitepaper()
            let items = try BulkCaptureService.items(csv: Self.csv)
            #expect(items.count == 3)
            await #expect(throws: CarnetError.validation([FieldError("items[1].email", "is not a valid e-mail address")])) {
                try await world.services.database.write { [bulk = world.bulk] conn in
                    try bulk.run(items, form: form, skipInvalid: false, actor: .system, conn)
                }
            }
            #expect(try await world.count("contacts") == 0)
            #expect(try await world.count("companies") == 0)
            #expect(try await world.count("deals") == 0)
            #expect(try await world.count("capture_submissions") == 0)
            #expect(try await world.count("events", where: "type = 'lead.captured'") == 0)
        }
    }

    @Test("skip_invalid stores the good badges, matching existing contacts, and reports the bad one", arguments: Backend.available)
    func skipInvalid(backend: Backend) async throws {
        try await CaptureWorld.with(backend) { world in
            let form = try await world.whitepaper()
            _ = try await world.submit(form, ["last_name": "Dupont", "email": "dupont@example.com"])
            let result = try await world.services.database.write { [bulk = world.bulk] conn in
                try bulk.run(try BulkCaptureService.items(csv: Self.csv), form: form, skipInvalid: true, actor: .system, conn)
            }
            #expect((result.created, result.updated, result.skipped) == (1, 1, 1))
            #expect(result.rows.map(\.status) == ["created", "error", "updated"])
            #expect(result.rows[1].errors == [FieldError("email", "is not a valid e-mail address")])
            #expect(try await world.count("contacts") == 2)
            // Acme for Lima; Globex for Dupont, who had no company yet.
            #expect(try await world.count("companies") == 2)
            #expect(try await world.count("deals") == 2)
            #expect(try await world.count("capture_submissions", where: "channel = 'bulk'") == 2)
        }
    }

    @Test("more than 1,000 badges, or none, is refused")
    func limits() async throws {
        try await CaptureWorld.with(.sqlite) { world in
            let form = try await world.whitepaper()
            let many = Array(repeating: ["last_name": "X"], count: 1_001)
            for items in [many, []] {
                await #expect(throws: CarnetError.self) {
                    try await world.services.database.write { [bulk = world.bulk] conn in try bulk.run(items, form: form, skipInvalid: true, actor: .system, conn) }
                }
            }
        }
    }
}
