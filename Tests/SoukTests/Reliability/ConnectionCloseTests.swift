import Foundation
import Testing

/// RFC 9112 §9.6: a request that lists `close` in `Connection` gets a response that says `Connection: close`,
/// then the server closes the connection and reads no further request on it.
@Suite("Reliability: Connection: close", .soukDatabase)
struct ConnectionCloseTests {
    @Test("The response says Connection: close and the connection ends, whatever the option's case or company")
    func closeIsAnnouncedAndKept() async throws {
        try await LiveSouk.run(TestApp()) { baseURL, _ in
            let port = MalformedRequestTests.port(of: baseURL)
            for field in ["close", "Close", "keep-alive, CLOSE", "TE,close"] {
                let socket = try RawSocket(port: port)
                let (answer, closed) = await onThread {
                    _ = socket.send("GET /health HTTP/1.1\r\nHost: souk\r\nConnection: \(field)\r\n\r\n")
                    return socket.readUntilClosed(timeout: .seconds(10))
                }
                #expect(closed, "Connection: \(field): the server kept the connection open")
                #expect(RawResponse(answer)?.status == 200, "Connection: \(field): \(answer)")
                #expect(RawResponse(answer)?.headers["connection"] == "close", "Connection: \(field): \(answer)")
            }
        }
    }

    @Test("HTTP/1.0 ends the connection after its response unless it asks to keep it alive (RFC 9112 §9.3)")
    func http10() async throws {
        try await LiveSouk.run(TestApp()) { baseURL, _ in
            let port = MalformedRequestTests.port(of: baseURL)
            let plain = try RawSocket(port: port)
            let (answer, closed) = await onThread {
                plain.send("GET /health HTTP/1.0\r\n\r\n")
                return plain.readUntilClosed(timeout: .seconds(10))
            }
            #expect(closed, "an HTTP/1.0 connection was kept open")
            #expect(RawResponse(answer)?.status == 200 && RawResponse(answer)?.headers["connection"] == "close")

            let kept = try RawSocket(port: port)
            let first = await onThread {
                kept.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                return kept.readResponse(timeout: .seconds(10))
            }
            #expect(first?.status == 200 && first?.headers["connection"] == nil)
            let second = await onThread {
                kept.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                return kept.readResponse(timeout: .seconds(10))
            }
            #expect(second?.status == 200, "a kept-alive HTTP/1.0 connection took no second request")
        }
    }

    @Test("Of pipelined requests, those before the close are answered keep-alive, and none after it")
    func nothingAfterClose() async throws {
        try await LiveSouk.run(TestApp()) { baseURL, _ in
            let socket = try RawSocket(port: MalformedRequestTests.port(of: baseURL))
            let get = "GET /health HTTP/1.1\r\nHost: souk\r\n"
            let (answer, closed) = await onThread {
                _ = socket.send(get + "\r\n" + get + "Connection: close\r\n\r\n" + get + "\r\n")
                return socket.readUntilClosed(timeout: .seconds(10))
            }
            #expect(closed)
            let responses = answer.components(separatedBy: "HTTP/1.1 ").dropFirst().map {
                RawResponse("HTTP/1.1 " + $0)
            }
            #expect(responses.map { $0?.status } == [200, 200], "\(answer)")
            #expect(responses.map { $0?.headers["connection"] } == [nil, "close"], "\(answer)")
        }
    }
}
