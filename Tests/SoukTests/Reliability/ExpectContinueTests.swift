import Foundation
import Testing

/// RFC 9110 §10.1.1: a client that sends `Expect: 100-continue` holds its body back until the server says
/// `100 Continue` (curl does for large bodies, then gives up waiting after a second).
@Suite("Reliability: Expect: 100-continue", .soukDatabase)
struct ExpectContinueTests {
    @Test("100 Continue comes before the body is sent, then the answer to the whole request")
    func continueBeforeTheBody() async throws {
        try await LiveSouk.run(TestApp()) { baseURL, api in
            let user = try await api.createUser()
            let app = try await api.createApp(key: user.key)
            let body = #"{"GREETING": "hello"}"#
            let socket = try RawSocket(port: MalformedRequestTests.port(of: baseURL))
            let interim = await onThread {
                socket.send(
                    "PATCH /apps/\(app)/config-vars HTTP/1.1\r\nHost: souk\r\nAuthorization: Bearer \(user.key)\r\n"
                        + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
                        + "Expect: 100-Continue\r\n\r\n")
                return socket.readSome(timeout: .seconds(5))
            }
            #expect(interim == "HTTP/1.1 100 Continue\r\n\r\n")
            let answer = await onThread {
                socket.send(body)
                return socket.readResponse(timeout: .seconds(10))
            }
            #expect(answer?.status == 200, "\(answer?.body ?? "no answer")")
            #expect(answer?.json["GREETING"] as? String == "hello")
        }
    }

    @Test("A request that declares no body is answered at once, with no 100 Continue")
    func noBodyNoContinue() async throws {
        try await LiveSouk.run(TestApp()) { baseURL, _ in
            let socket = try RawSocket(port: MalformedRequestTests.port(of: baseURL))
            let answer = await onThread {
                socket.send("GET /health HTTP/1.1\r\nHost: souk\r\nExpect: 100-continue\r\n\r\n")
                return socket.readResponse(timeout: .seconds(10))
            }
            #expect(answer?.status == 200)
        }
    }
}
