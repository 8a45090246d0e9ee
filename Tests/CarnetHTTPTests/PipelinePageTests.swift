import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The board past the cards it shows: totals from the database, and the list paging one stage.
@Suite("Pipeline page")
struct PipelinePageTests {
    @Test("a column counts and sums every deal of its stage, and the list pages through all of them", arguments: Backend.available)
    func fullColumn(backend: Backend) async throws {
        try await WebPagesTests.with(backend) { browser, api in
            let contact = try await api.contact(first: "Ana", last: "Lima")
            let count = 203 // past the 200 cards a column shows
            try await api.services.database.write { conn in
                for index in 0..<count {
                    var patch = DealPatch()
                    patch.title = "Deal \(index)"
                    patch.contactID = contact.id
                    patch.amount = 100
                    patch.nextAction = "Call"
                    patch.nextActionAt = api.clock.now.addingTimeInterval(86_400)
                    _ = try api.services.deals.create(patch, actor: .system, conn)
                }
            }
            try await browser.signIn("member@example.com")
            let board = String(buffer: try await browser.send(.get, "/pipeline").body)
            #expect(board.contains(#"data-count="\#(count)""#))
            #expect(board.contains("203 · €203.00 · weighted €20.30"), "the totals count the deals the column does not show")
            #expect(board.contains("/pipeline?view=list&amp;stage=lead") && board.contains("(3)"))

            var seen: Set<String> = []
            var next: String? = "/pipeline?view=list&stage=lead"
            while let path = next {
                let html = String(buffer: try await browser.send(.get, path).body)
                let ids = html.matches(of: /data-id="(deal_[^"]+)"/).map { String($0.1) }
                #expect(!ids.isEmpty && seen.isDisjoint(with: ids))
                seen.formUnion(ids)
                next = html.firstMatch(of: /rel="next" href="([^"]+)"/).map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") }
            }
            #expect(seen.count == count)
        }
    }
}
