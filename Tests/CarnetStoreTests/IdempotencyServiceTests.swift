import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Idempotency service")
struct IdempotencyServiceTests {
    static let response = StoredResponse(method: "POST", path: "/api/v1/contacts", status: 201, body: #"{"id":"con_1"}"#)

    @Test("a saved response is found again by caller and key, and only by them", arguments: Backend.available)
    func saveThenFind(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            #expect(try await services.database.read { conn in try services.idempotency.find(actorID: "usr_a", key: "k1", conn) } == nil)
            try await services.database.write { conn in
                try services.idempotency.save(actorID: "usr_a", key: "k1", response: Self.response, conn)
            }
            let found = try await services.database.read { conn in try services.idempotency.find(actorID: "usr_a", key: "k1", conn) }
            #expect(found == Self.response)
            #expect(try await services.database.read { conn in try services.idempotency.find(actorID: "usr_b", key: "k1", conn) } == nil)
            #expect(try await services.database.read { conn in try services.idempotency.find(actorID: "usr_a", key: "k2", conn) } == nil)
        }
    }

    @Test("saving the same caller and key twice is a unique violation and keeps the first response", arguments: Backend.available)
    func sameKeyTwice(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            try await services.database.write { conn in
                try services.idempotency.save(actorID: "usr_a", key: "k1", response: Self.response, conn)
            }
            let error = await #expect(throws: StoreError.self) {
                try await services.database.write { conn in
                    try services.idempotency.save(actorID: "usr_a", key: "k1", response: StoredResponse(method: "POST", path: "/x", status: 200, body: "{}"), conn)
                }
            }
            guard case .uniqueViolation? = error else {
                Issue.record("expected a unique violation, got \(String(describing: error))")
                return
            }
            let found = try await services.database.read { conn in try services.idempotency.find(actorID: "usr_a", key: "k1", conn) }
            #expect(found == Self.response)
            try await services.database.write { conn in
                try services.idempotency.save(actorID: "usr_b", key: "k1", response: Self.response, conn)
            }
            #expect(try await services.count("idempotency_keys") == 2)
        }
    }

    @Test("a key saved in the transaction of a write that fails is not kept", arguments: Backend.available)
    func keyRollsBackWithWrite(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            await #expect(throws: CarnetError.self) {
                try await services.database.write { conn in
                    try services.idempotency.save(actorID: "usr_a", key: "k1", response: Self.response, conn)
                    var patch = ContactPatch()
                    patch.companyID = "com_missing"
                    patch.lastName = "Lima"
                    return try services.contacts.create(patch, actor: .system, conn)
                }
            }
            #expect(try await services.count("idempotency_keys") == 0)
        }
    }
}
