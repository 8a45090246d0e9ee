import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Deal stage totals")
struct DealStageTotalsTests {
    @Test("each stage sums its deals per currency under the owner and closing-month filters, archived deals left out",
          arguments: Backend.available)
    func totals(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let ana = try await services.makeUser()
            let contact = try await services.makeContact("Ana", "Lima")
            func deal(_ title: String, _ amount: Int64?, _ currency: String = "EUR", close: String? = nil, owner: String? = nil) async throws -> Deal {
                try await services.makeDeal(title, contactID: contact.id) { patch in
                    patch.amount = amount
                    patch.currency = CurrencyCode(currency)
                    patch.expectedClose = close.flatMap(LocalDate.init)
                    patch.ownerID = owner
                }
            }
            let march = try await deal("March", 100_000, close: "2027-03-31", owner: ana.id)
            _ = try await deal("April", 50_000, close: "2027-04-01")
            _ = try await deal("Dollars", 30_000, "USD", close: "2027-03-01")
            _ = try await deal("No amount", nil)
            let archived = try await deal("Archived", 999_999)
            _ = try await services.database.write { conn in try services.deals.setArchived(archived.id, true, expectedVersion: nil, actor: .system, conn) }
            let percent = Int64(march.probability)

            let all = try await services.database.read { conn in try services.deals.stageTotals(DealQuery(stage: "proposal"), conn) }
            #expect(Set(all.keys) == ["lead"], "every stage is summed, whatever the query's stage")
            #expect(all["lead"]?.deals == 4)
            #expect(all["lead"]?.amounts == ["EUR": 150_000, "USD": 30_000])
            #expect(all["lead"]?.weighted == ["EUR": 150_000 * percent / 100, "USD": 30_000 * percent / 100])

            var inMarch = DealQuery()
            inMarch.closingFrom = LocalDate("2027-03-01")
            inMarch.closingBefore = LocalDate("2027-04-01")
            let query = inMarch
            let march27 = try await services.database.read { conn in try services.deals.stageTotals(query, conn) }
            #expect(march27["lead"]?.deals == 2 && march27["lead"]?.amounts == ["EUR": 100_000, "USD": 30_000])

            var mine = DealQuery()
            mine.ownerID = ana.id
            let owned = mine
            let anas = try await services.database.read { conn in try services.deals.stageTotals(owned, conn) }
            #expect(anas["lead"]?.deals == 1 && anas["lead"]?.amounts == ["EUR": 100_000])
        }
    }
}
