import Foundation
import HTTPTypes
import Testing

@Suite("Health, readiness and the HTTP conventions", .soukDatabase)
struct OperationsTests {
    let testApp = TestApp()

    @Test("Health and readiness answer without credentials")
    func healthAndReady() async throws {
        try await testApp.run { api in
            #expect(try await api.call(.get, "/health", key: nil).status == .ok)
            let ready = try await api.call(.get, "/ready", key: nil)
            #expect(ready.status == .ok)
            #expect(ready.object["status"] as? String == "ok")
        }
    }

    @Test("Every response carries a Request-Id; a client's own is echoed")
    func requestID() async throws {
        try await testApp.run { api in
            let generated = try await api.call(.get, "/health", key: nil)
            let id = try #require(generated.headers[HTTPField.Name("Request-Id")!])
            #expect(UUID(uuidString: id) != nil)
            let failing = try await api.call(.get, "/apps/nope", key: "wrong")
            #expect(failing.headers[HTTPField.Name("Request-Id")!] != nil)
            let echoed = try await api.call(
                .get, "/health", key: nil, headers: [HTTPField.Name("Request-Id")!: "abc-123"])
            #expect(echoed.headers[HTTPField.Name("Request-Id")!] == "abc-123")
        }
    }

    @Test("Unknown endpoints and methods answer JSON errors")
    func unknownRoutes() async throws {
        try await testApp.run { api in
            let missing = try await api.call(.get, "/no/such/endpoint", key: api.adminKey)
            #expect(missing.status == .notFound)
            #expect(missing.errorID == "not_found")
            let wrongMethod = try await api.call(.put, "/apps", key: api.adminKey, body: "{}")
            #expect(wrongMethod.status.code >= 400 && wrongMethod.status.code < 500)
            #expect(wrongMethod.errorID != nil)
        }
    }

    @Test(
        "Heroku's versioned Accept header and plain JSON are both accepted",
        arguments: [
            "application/vnd.heroku+json; version=3", "application/json", "*/*",
            "application/vnd.heroku+json; version=3.sdk",
        ]
    )
    func acceptHeaders(accept: String) async throws {
        try await testApp.run { api in
            let response = try await api.call(.get, "/account", key: api.adminKey, headers: [.accept: accept])
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
        }
    }
}
