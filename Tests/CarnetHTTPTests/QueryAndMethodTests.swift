import CarnetCore
import CarnetFollowUps
import CarnetHTTP
import CarnetTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Testing

/// Query parameters with fixed values are read strictly, and a known path asked with a method
/// it does not have says which it has.
@Suite("Query values and methods")
struct QueryAndMethodTests {
    @Test("a flag, a language or a job status outside its values is a 422 naming the parameter, not a silent default", arguments: Backend.available)
    func strictValues(backend: Backend) async throws {
        try await API.with(backend, catalog: ModuleCatalog([FollowUpsModule()]), enabledModules: ["followups"]) { api in
            for path in ["/api/v1/contacts?archived=null", "/api/v1/companies?archived=1", "/api/v1/deals?archived=yes"] {
                expectProblem(try await api.send(.get, path), 422, fields: ["archived"])
            }
            #expect(try await api.send(.get, "/api/v1/contacts?archived=true").code == 200)
            expectProblem(try await api.send(.get, "/api/v1/today?lang=de"), 422, fields: ["lang"])
            expectProblem(try await api.send(.get, "/api/v1/reminders?lang=AAA"), 422, fields: ["lang"])
            #expect(try await api.send(.get, "/api/v1/today?lang=fr").code == 200)
            expectProblem(try await api.send(.get, "/api/v1/admin/jobs?status="), 422, fields: ["status"])
        }
    }

    @Test("a documented path asked with another method is a 405 listing the path's methods; an unknown path stays a 404", arguments: Backend.available)
    func methodNotAllowed(backend: Backend) async throws {
        try await API.with(backend, catalog: ModuleCatalog([FollowUpsModule()]), enabledModules: ["followups"]) { api in
            let trace = try await api.send(.init("TRACE")!, "/api/v1/contacts/con_1")
            expectProblem(trace, 405, typeSuffix: "method-not-allowed")
            #expect(trace.headers[.allow] == "DELETE, GET, PATCH")
            let put = try await api.send(.put, "/api/v1/tasks/parse")
            #expect(put.code == 405 && put.headers[.allow] == "POST", "the fixed path wins over /tasks/{id}: \(put.text)")
            expectProblem(try await api.send(.delete, "/api/v1/nothing-here"), 404)
        }
    }
}
