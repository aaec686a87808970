import Foundation
import HTTPTypes
import Testing

/// Issue #10 item 2: every request the server cannot read is a 400 with `{"id", "message"}`, never a
/// 500 and never an empty body, whether the HTTP decoder refuses it or a handler meets it in the body.
@Suite("Reliability: unreadable requests", .soukDatabase)
struct MalformedRequestTests {
    /// Sends `bytes` on a fresh connection (closing the sending half after, if `finish`) and parses the answer.
    static func exchange(port: Int, _ bytes: [UInt8], finish: Bool = false) async throws -> RawResponse? {
        let socket = try RawSocket(port: port)
        return await onThread {
            socket.send(bytes)
            if finish { socket.finishSending() }
            return RawResponse(socket.readUntilClosed(timeout: .seconds(20)).text)
        }
    }

    static func port(of baseURL: String) -> Int { Int(baseURL.split(separator: ":").last ?? "") ?? 0 }

    @Test("A DEL byte, 2,000 headers and a 1 MB header are refused with a JSON 400")
    func parserRefusals() async throws {
        try await LiveSouk.run(TestApp()) { baseURL, _ in
            let port = Self.port(of: baseURL)
            let manyHeaders = (0..<2000).map { "X-H\($0): v\r\n" }.joined()
            let bigValue = String(repeating: "a", count: 1 << 20)
            let cases: [(String, String)] = [
                ("DEL byte", "GET /health HTTP/1.1\r\nHost: souk\r\nX-Bad: a\u{7F}b\r\n\r\n"),
                ("2,000 headers", "GET /health HTTP/1.1\r\nHost: souk\r\n\(manyHeaders)\r\n"),
                ("1 MB header", "GET /health HTTP/1.1\r\nHost: souk\r\nX-Big: \(bigValue)\r\n\r\n"),
            ]
            for (name, request) in cases {
                let response = try await Self.exchange(port: port, Array(request.utf8))
                #expect(response?.status == 400, "\(name)")
                #expect(response?.json["id"] as? String == "bad_request", "\(name): \(response?.body ?? "no answer")")
                #expect((response?.json["message"] as? String)?.isEmpty == false, "\(name)")
                #expect(response?.headers["connection"] == "close", "\(name)")
            }
            // The server still answers afterwards.
            let health = try await IdleFloodTests.health(port: port)
            #expect(health?.status == 200)
        }
    }

    @Test("A chunk size that is not hexadecimal is a 400 bad_request")
    func malformedChunkedBody() async throws {
        try await LiveSouk.run(TestApp()) { baseURL, api in
            let user = try await api.createUser()
            let app = try await api.createApp(key: user.key)
            let request =
                "PATCH /apps/\(app)/config-vars HTTP/1.1\r\nHost: souk\r\nAuthorization: Bearer \(user.key)\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n{\"A\":\"1\"}\r\n0\r\n\r\n"
            let response = try await Self.exchange(port: Self.port(of: baseURL), Array(request.utf8))
            #expect(response?.status == 400, "\(response?.body ?? "no answer")")
            #expect(response?.json["id"] as? String == "bad_request")
            #expect((response?.json["message"] as? String)?.contains("chunk") == true)
        }
    }

    @Test("A refusal after a good request (pipelined, or in a body the route ignores) is a JSON 400 too")
    func refusalsAfterAnAnswer() async throws {
        try await LiveSouk.run(TestApp()) { baseURL, _ in
            let exchanges = [
                "GET /health HTTP/1.1\r\nHost: souk\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n\r\n",
                "GET /health HTTP/1.1\r\nHost: souk\r\n\r\nGET /health HTTP/1.1\r\nHost: souk\r\nX-Bad: \u{7F}\r\n\r\n",
            ]
            for request in exchanges {
                let socket = try RawSocket(port: Self.port(of: baseURL))
                let answer = await onThread {
                    socket.send(request)
                    return socket.readUntilClosed(timeout: .seconds(10)).text
                }
                // The first request is answered; the refusal that follows carries the error body.
                #expect(answer.hasPrefix("HTTP/1.1 200 OK"), "\(answer)")
                let refusal = answer.range(of: "HTTP/1.1 400").map { RawResponse(String(answer[$0.lowerBound...])) }
                #expect(refusal??.json["id"] as? String == "bad_request", "\(answer)")
            }
        }
    }

    @Test("A client that stops mid-body gets a 400, not a 500")
    func clientStopsMidBody() async throws {
        try await LiveSouk.run(TestApp()) { baseURL, api in
            let user = try await api.createUser()
            let app = try await api.createApp(key: user.key)
            let request =
                "PATCH /apps/\(app)/config-vars HTTP/1.1\r\nHost: souk\r\nAuthorization: Bearer \(user.key)\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"A\":"
            // Half-closing lets the answer still reach us, where a full close would leave nobody to read it.
            let response = try await Self.exchange(port: Self.port(of: baseURL), Array(request.utf8), finish: true)
            #expect(response?.status == 400, "\(response?.body ?? "no answer")")
            #expect(response?.json["id"] as? String == "bad_request")
            // Nothing was stored.
            let vars = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key)
            #expect(vars.object["A"] == nil)
        }
    }
}
