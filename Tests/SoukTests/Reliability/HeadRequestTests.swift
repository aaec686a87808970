import Foundation
import Testing

/// RFC 9110 §9.3.2: HEAD is answered as GET would be, with the same status and headers and no body.
@Suite("Reliability: HEAD", .soukDatabase)
struct HeadRequestTests {
    /// The whole answer to `method path` on a connection of its own, which the request asks to close.
    static func exchange(_ method: String, _ path: String, key: String?, port: Int) async throws -> String {
        let socket = try RawSocket(port: port)
        let auth = key.map { "Authorization: Bearer \($0)\r\n" } ?? ""
        return await onThread {
            socket.send("\(method) \(path) HTTP/1.1\r\nHost: souk\r\n\(auth)Connection: close\r\n\r\n")
            return socket.readUntilClosed(timeout: .seconds(10)).text
        }
    }

    @Test("HEAD of /health, of a customer's list and of an unknown path: GET's status and length, no body")
    func headAnswersAsGet() async throws {
        try await LiveSouk.run(TestApp()) { baseURL, api in
            let port = MalformedRequestTests.port(of: baseURL)
            let user = try await api.createUser()
            _ = try await api.createApp(key: user.key)
            for (path, key, status) in [("/health", nil, 200), ("/apps", user.key, 200), ("/nowhere", nil, 404)] {
                let get = try await Self.exchange("GET", path, key: key, port: port)
                let head = try await Self.exchange("HEAD", path, key: key, port: port)
                let getResponse = try #require(RawResponse(get), "GET \(path): \(get)")
                let headResponse = try #require(RawResponse(head), "HEAD \(path): \(head)")
                #expect(getResponse.status == status && headResponse.status == status, "HEAD \(path): \(head)")
                #expect(headResponse.headers["content-type"] == getResponse.headers["content-type"], "\(path)")
                #expect(headResponse.headers["content-length"] == getResponse.headers["content-length"], "\(path)")
                #expect(!getResponse.body.isEmpty && headResponse.body.isEmpty, "HEAD \(path): \(head)")
            }
        }
    }
}
