import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

@testable import SoukServer

/// The Platform API's caching: every read carries an `ETag`, and the same read with `If-None-Match` naming it is
/// answered `304 Not Modified` without a body until the resource changes.
@Suite("Conditional reads: ETag and If-None-Match", .soukDatabase)
struct ConditionalRequestTests {
    let testApp = TestApp.forAddons()

    static func ifNoneMatch(_ value: String) -> HTTPFields { [.ifNoneMatch: value] }

    @Test("A read's tag gets a 304 when named alone, weakly, in a list or by *; another tag or a change gets the JSON")
    func revalidation() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let app = try await api.createApp(key: user.key)
            let path = "/apps/\(app)/config-vars"
            #expect(try await api.call(.patch, path, key: user.key, json: ["GREETING": "hello"]).status == .ok)

            let first = try await api.call(.get, path, key: user.key)
            #expect(first.status == .ok)
            let tag = try #require(first.headers[.eTag])
            #expect(tag.wholeMatch(of: /"[0-9a-f]{32}"/) != nil, "\(tag)")
            #expect(try await api.call(.get, path, key: user.key).headers[.eTag] == tag)

            for condition in [tag, "W/\(tag)", "\"0000\", \(tag)", "*", " * "] {
                let again = try await api.call(.get, path, key: user.key, headers: Self.ifNoneMatch(condition))
                #expect(again.status == .notModified, "If-None-Match: \(condition)")
                #expect(again.body.readableBytes == 0)
                #expect(again.headers[.eTag] == tag && again.headers[.contentType] == nil)
                #expect(again.headers[HTTPField.Name("Request-Id")!] != nil)
            }
            let other = try await api.call(.get, path, key: user.key, headers: Self.ifNoneMatch("\"0000\""))
            #expect(other.status == .ok && other.object["GREETING"] as? String == "hello")

            #expect(try await api.call(.patch, path, key: user.key, json: ["GREETING": "bye"]).status == .ok)
            let changed = try await api.call(.get, path, key: user.key, headers: Self.ifNoneMatch(tag))
            #expect(changed.status == .ok && changed.object["GREETING"] as? String == "bye")
            #expect(changed.headers[.eTag] != nil && changed.headers[.eTag] != tag)
        }
    }

    @Test("Pages of a list have tags; writes, errors and single sign-on hand-offs have none")
    func whichAnswers() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let app = try await api.createApp(key: user.key)
            _ = try await api.createApp(key: user.key)
            let page = try await api.call(
                .get, "/apps", key: user.key, headers: [HTTPField.Name("Range")!: "id ..; max=1"])
            #expect(page.status == .partialContent)
            let pageTag = try #require(page.headers[.eTag])
            let samePage = try await api.call(
                .get, "/apps", key: user.key,
                headers: [HTTPField.Name("Range")!: "id ..; max=1", .ifNoneMatch: pageTag])
            #expect(samePage.status == .notModified)

            let write = try await api.call(.patch, "/apps/\(app)/config-vars", key: user.key, json: ["A": "1"])
            #expect(write.status == .ok && write.headers[.eTag] == nil)
            let missing = try await api.call(.get, "/apps/nowhere-\(UUID().uuidString.prefix(8))", key: user.key)
            #expect(missing.status == .notFound && missing.headers[.eTag] == nil)
            let unauthenticated = try await api.call(.get, "/apps", key: nil, headers: Self.ifNoneMatch("*"))
            #expect(unauthenticated.status == .unauthorized)
        }
    }

    @Test(
        "Cache-Control's no-store directive is found among others, in any case, and nothing else is taken for it",
        arguments: [
            ("no-store", true), ("private, no-store", true), (" NO-Store ,max-age=0", true),
            ("no-cache,\tno-store", true),
            ("no-cache", false), ("no-store-ish", false), ("no\rstore", false), ("max-age=0, private", false),
            ("", false),
        ])
    func noStore(value: String, forbids: Bool) {
        #expect(Response.forbidsStoring(value) == forbids)
    }

    @Test("A 304 has no body on the wire, and the connection goes on to the next request")
    func onTheWire() async throws {
        try await LiveSouk.run(TestApp()) { baseURL, api in
            let user = try await api.createUser()
            let app = try await api.createApp(key: user.key)
            let tag = try #require(try await api.call(.get, "/apps/\(app)", key: user.key).headers[.eTag])
            let socket = try RawSocket(port: MalformedRequestTests.port(of: baseURL))
            let auth = "Authorization: Bearer \(user.key)\r\n"
            let text = await onThread {
                socket.send(
                    "GET /apps/\(app) HTTP/1.1\r\nHost: souk\r\n\(auth)If-None-Match: \(tag)\r\n\r\n"
                        + "GET /apps/\(app) HTTP/1.1\r\nHost: souk\r\n\(auth)Connection: close\r\n\r\n")
                return socket.readUntilClosed(timeout: .seconds(10)).text
            }
            let second = try #require(text.range(of: "HTTP/1.1 200"), "\(text)")
            let notModified = try #require(RawResponse(String(text[..<second.lowerBound])), "\(text)")
            #expect(notModified.status == 304)
            #expect(notModified.headers["etag"] == tag)
            #expect(notModified.headers["content-length"] == nil && notModified.body.isEmpty)
            let ok = try #require(RawResponse(String(text[second.lowerBound...])))
            #expect(ok.json["name"] as? String == app)
            #expect(ok.headers["etag"] == tag)
        }
    }
}
