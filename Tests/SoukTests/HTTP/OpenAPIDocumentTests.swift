import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import SoukServer

/// The API document (`GET /openapi.json`) and the router describe the same API: every route is an
/// operation of the document and every operation is a route. The fuzzer (`scripts/fuzz`) checks the
/// rest (parameters, bodies and responses) against a running server.
@Suite("The OpenAPI document", .soukDatabase)
struct OpenAPIDocumentTests {
    let testApp = TestApp()

    /// `METHOD /path/{param}`: Hummingbird writes parameters as `:param`, OpenAPI as `{param}`.
    static func operation(_ method: String, _ path: String) -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }
        return "\(method.uppercased()) /\(segments.joined(separator: "/"))"
    }

    static func isDashboard(_ path: String) -> Bool {
        let trimmed = path.hasPrefix("/") ? path : "/" + path
        return trimmed == "/" || trimmed == "/dashboard" || trimmed.hasPrefix("/dashboard/")
    }

    @Test("GET /openapi.json answers 200 without a key: OpenAPI 3.1 JSON")
    func servedWithoutKey() async throws {
        try await testApp.run { api in
            let response = try await api.call(.get, "/openapi.json", key: nil)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let version = try #require(response.object["openapi"] as? String)
            #expect(version.hasPrefix("3.1."))
            #expect(response.object["paths"] is [String: Any])
        }
    }

    @Test("The router's routes and the document's operations are the same set")
    func routesMatchOperations() async throws {
        let routes = Mutex<Set<String>>([])
        let app = try await buildApplication(reader: testApp.reader) { router in
            // The dashboard's pages are HTML for browsers, not the API: the document leaves them out.
            let api = router.routes.filter { !Self.isDashboard($0.path.description) }
            routes.withLock { $0 = Set(api.map { Self.operation($0.method.rawValue, $0.path.description) }) }
        }
        let paths = try await app.test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                let document = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                return try #require((document as? [String: Any])?["paths"] as? [String: [String: Any]])
            }
        }
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        let operations = Set(
            paths.flatMap { path, item in
                item.keys.filter(methods.contains).map { Self.operation($0, path) }
            }
        )
        let router = routes.withLock { $0 }
        #expect(!router.isEmpty)
        #expect(router.subtracting(operations).sorted() == [], "routes the document lacks")
        #expect(operations.subtracting(router).sorted() == [], "operations the router lacks")
    }
}
