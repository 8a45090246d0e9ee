import CarnetCore
import CarnetFollowUps
import CarnetStore
import CarnetTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Lists and pages issue a fixed number of SQL statements, whatever the number of rows they
/// show: no query per row. Each path is asked with 5 rows of everything, then with 55 (more
/// than a page), and must run the same number of statements both times, within its budget.
@Suite("Statements per request")
struct StatementBudgetTests {
    /// The most statements a list or page may run, sign-in checks included.
    static let apiBudget = 6
    static let pageBudget = 16

    @Test("every list endpoint and main page runs the same few statements at 5 and at 55 rows", arguments: Backend.available)
    func constant(backend: Backend) async throws {
        try await WebPagesTests.with(backend) { browser, api in
            let (companyID, contactID, dealID) = try await Self.seed(api, rows: 5, prefix: "a")
            try await browser.signIn("admin@example.com")
            let apiPaths = ["/api/v1/contacts", "/api/v1/contacts?q=a", "/api/v1/contacts?tag=vip", "/api/v1/companies", "/api/v1/deals",
                            "/api/v1/deals?stage=lead", "/api/v1/activities?contact_id=\(contactID)", "/api/v1/events", "/api/v1/users",
                            "/api/v1/tasks", "/api/v1/today", "/api/v1/admin/jobs", "/api/v1/webhooks"]
            let pagePaths = ["/", "/contacts", "/contacts?q=a", "/companies", "/pipeline", "/pipeline?view=list",
                             "/contacts/\(contactID)", "/companies/\(companyID)", "/deals/\(dealID)"]
            let small = try await Self.measure(api, browser, api: apiPaths, pages: pagePaths)
            _ = try await Self.seed(api, rows: 50, prefix: "b", companyID: companyID, contactID: contactID, dealID: dealID)
            let large = try await Self.measure(api, browser, api: apiPaths, pages: pagePaths)
            for path in apiPaths + pagePaths {
                let budget = path.hasPrefix("/api/") ? Self.apiBudget : Self.pageBudget
                #expect(large[path] == small[path], "\(path): \(small[path] ?? -1) statements at 5 rows, \(large[path] ?? -1) at 55")
                #expect((large[path] ?? .max) <= budget, "\(path): \(large[path] ?? -1) statements, budget \(budget)")
            }
        }
    }

    /// Statements per path: each is asked once to warm the caches (token, modules), then counted.
    static func measure(_ api: API, _ browser: WebPagesTests.Browser, api paths: [String], pages: [String]) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for path in paths + pages {
            let isAPI = path.hasPrefix("/api/")
            for round in 0..<2 {
                let counter = StatementCounter()
                let status = try await StatementCounter.$scope.withValue(counter) {
                    isAPI ? HTTPResponse.Status(code: try await api.send(.get, path).code) : try await browser.send(.get, path).status
                }
                #expect(status == .ok, "\(path) answered \(status)")
                if round == 1 { counts[path] = counter.value }
            }
        }
        return counts
    }

    /// `rows` companies, contacts (tagged, at the first company), deals, activities and tasks on the
    /// first contact and deal; returns the ids the pages are asked about.
    @discardableResult
    static func seed(_ api: API, rows: Int, prefix: String, companyID: String? = nil, contactID: String? = nil,
                     dealID: String? = nil) async throws -> (String, String, String) {
        let services = api.services
        let tasks = TaskService(context: services.context, settings: FollowUpsSettings())
        let admin = try #require(try await services.database.read { conn in try services.users.find(email: "admin@example.com", conn) })
        return try await services.database.write { conn in
            var ids = (companyID ?? "", contactID ?? "", dealID ?? "")
            for index in 0..<rows {
                var company = CompanyPatch()
                company.name = "\(prefix) company \(index)"
                let madeCompany = try services.companies.create(company, actor: .system, conn)
                var contact = ContactPatch()
                contact.firstName = "\(prefix)na"
                contact.lastName = "Lima \(index)"
                contact.tags = ["vip"]
                contact.companyID = .some(ids.0.isEmpty ? madeCompany.id : ids.0)
                contact.ownerID = .some(admin.id)
                let madeContact = try services.contacts.create(contact, actor: .system, conn)
                if ids.0.isEmpty { ids.0 = madeCompany.id }
                if ids.1.isEmpty { ids.1 = madeContact.id }
                var deal = DealPatch()
                deal.title = "\(prefix) deal \(index)"
                deal.contactID = .some(ids.1)
                deal.companyID = .some(ids.0)
                deal.ownerID = .some(admin.id)
                deal.amount = 10_000
                deal.nextAction = "Call back"
                deal.nextActionAt = api.clock.now.addingTimeInterval(Double(index - 2) * 86_400)
                let madeDeal = try services.deals.create(deal, actor: .system, conn)
                if ids.2.isEmpty { ids.2 = madeDeal.id }
                var activity = ActivityInput(kind: .call)
                activity.contactID = ids.1
                activity.dealID = ids.2
                activity.companyID = ids.0
                activity.body = "Called \(index)"
                _ = try services.activities.create(activity, actor: .system, conn)
                var task = TaskPatch()
                task.title = "Call back \(index)"
                task.dueAt = api.clock.now
                task.contactID = ids.1
                task.dealID = ids.2
                task.assigneeID = admin.id
                _ = try tasks.create(task, actor: admin.actor, conn)
            }
            return ids
        }
    }
}
