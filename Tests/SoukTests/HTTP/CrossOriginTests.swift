import Foundation
import HTTPTypes
import Testing

/// Cross-origin requests, as the Platform API allows them: any origin may call the API with a key, no origin may
/// use a visitor's cookies or remembered login, and the dashboard answers no cross-origin read.
@Suite("Cross-origin requests (CORS)", .soukDatabase)
struct CrossOriginTests {
    let testApp = TestApp.forAddons()
    static let origin: HTTPFields = [.origin: "https://tools.example"]

    @Test("A preflight is answered 204 without a key, with the methods and fields the API takes")
    func preflight() async throws {
        try await testApp.run { api in
            var headers = Self.origin
            headers[.accessControlRequestMethod] = "PATCH"
            headers[.accessControlRequestHeaders] = "authorization, content-type"
            let answer = try await api.call(.options, "/apps/some-app/config-vars", key: nil, headers: headers)
            #expect(answer.status == .noContent)
            #expect(answer.headers[.accessControlAllowOrigin] == "*")
            #expect(answer.headers[.accessControlAllowMethods]?.contains("PATCH") == true)
            let fields = answer.headers[.accessControlAllowHeaders]?.lowercased() ?? ""
            for field in ["authorization", "content-type", "range", "if-none-match", "accept"] {
                #expect(fields.contains(field), "\(field) in \(fields)")
            }
            #expect(answer.headers[.accessControlAllowCredentials] == nil)
            #expect(answer.headers[HTTPField.Name("Request-Id")!] != nil)
        }
    }

    @Test("Answers to a request with an Origin, errors too, may be read, with Souk's own fields exposed")
    func answers() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let app = try await api.createApp(key: user.key)
            let read = try await api.call(.get, "/apps/\(app)", key: user.key, headers: Self.origin)
            #expect(read.status == .ok)
            #expect(read.headers[.accessControlAllowOrigin] == "*")
            let exposed = read.headers[.accessControlExposeHeaders] ?? ""
            for field in ["Request-Id", "Next-Range", "RateLimit-Remaining", "ETag"] {
                #expect(exposed.contains(field), "\(field) in \(exposed)")
            }
            let refused = try await api.call(.get, "/apps/\(app)", key: nil, headers: Self.origin)
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[.accessControlAllowOrigin] == "*")
            #expect(refused.headers[.accessControlAllowCredentials] == nil)

            // Without an Origin nothing changes; an OPTIONS that is no preflight is not answered as one.
            #expect(try await api.call(.get, "/apps/\(app)", key: user.key).headers[.accessControlAllowOrigin] == nil)
            let bare = try await api.call(.options, "/apps", key: nil, headers: Self.origin)
            #expect(bare.status != .noContent)
        }
    }

    @Test("The dashboard, whose session is a cookie, allows no other origin")
    func dashboard() async throws {
        try await testApp.run { api in
            var headers = Self.origin
            headers[.accessControlRequestMethod] = "POST"
            let preflight = try await api.call(.options, "/dashboard/apps", key: nil, headers: headers)
            #expect(preflight.status != .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == nil)
            let page = try await api.call(.get, "/dashboard/sign-in", key: nil, headers: Self.origin)
            #expect(page.status == .ok)
            #expect(page.headers[.accessControlAllowOrigin] == nil)
        }
    }
}
