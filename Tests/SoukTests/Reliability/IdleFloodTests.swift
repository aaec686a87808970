import Configuration
import Foundation
import Testing

/// Issue #10 item 8: idle, slow-header and slow-body connections are closed after their timeouts,
/// `/health` answers while a flood of idle sockets is open, and connections over the cap are refused.
@Suite("Reliability: idle floods", .soukDatabase)
struct IdleFloodTests {
    static func app(_ settings: [String: Int]) -> TestApp {
        var app = TestApp()
        for (key, value) in settings {
            // Timeouts are read as seconds with a fraction, the cap as a whole number.
            let content: ConfigContent = key.hasSuffix("Seconds") ? .double(Double(value)) : .int(value)
            app.overrides["souk.http.\(key)"] = .init(content, isSecret: false)
        }
        return app
    }

    static func health(port: Int) async throws -> RawResponse? {
        try await MalformedRequestTests.exchange(
            port: port, Array("GET /health HTTP/1.1\r\nHost: souk\r\nConnection: close\r\n\r\n".utf8)
        )
    }

    /// How many of `sockets` the server closes within `timeout`, each read on one thread in turn.
    static func closedCount(_ sockets: [RawSocket], within timeout: Duration) async -> Int {
        await onThread {
            let deadline = ContinuousClock.now + timeout
            return sockets.filter { socket in
                socket.readUntilClosed(timeout: max(.milliseconds(1), deadline - ContinuousClock.now)).closed
            }.count
        }
    }

    @Test("200 idle sockets: /health answers meanwhile, and all are closed after the idle timeout")
    func idleSockets() async throws {
        // Long enough that /health is answered before the flood is dropped even on a loaded machine.
        let app = Self.app(["idleTimeoutSeconds": 5, "headerTimeoutSeconds": 30, "bodyTimeoutSeconds": 30])
        try await LiveSouk.run(app) { baseURL, _ in
            let port = MalformedRequestTests.port(of: baseURL)
            let started = ContinuousClock.now
            let sockets = try (0..<200).map { _ in try RawSocket(port: port) }
            let health = try await Self.health(port: port)
            #expect(health?.status == 200)
            let closed = await Self.closedCount(sockets, within: .seconds(30))
            #expect(closed == 200)
            // Not closed before the timeout.
            #expect(ContinuousClock.now - started >= .seconds(5))
        }
    }

    @Test("A head sent too slowly is cut off after the header timeout, long before the idle timeout")
    func slowHead() async throws {
        let app = Self.app(["idleTimeoutSeconds": 60, "headerTimeoutSeconds": 1, "bodyTimeoutSeconds": 60])
        try await LiveSouk.run(app) { baseURL, _ in
            let socket = try RawSocket(port: MalformedRequestTests.port(of: baseURL))
            socket.send("GET /health HTTP/1.1\r\nHost: souk\r\nX-Slow: ")
            let started = ContinuousClock.now
            #expect(await Self.closedCount([socket], within: .seconds(20)) == 1)
            #expect(ContinuousClock.now - started < .seconds(20))
        }
    }

    @Test(
        "Requests kept coming on one connection for longer than the timeouts are all answered, and a slow head after them is still cut off"
    )
    func keptConnection() async throws {
        let app = Self.app(["idleTimeoutSeconds": 60, "headerTimeoutSeconds": 2, "bodyTimeoutSeconds": 2])
        try await LiveSouk.run(app) { baseURL, _ in
            let socket = try RawSocket(port: MalformedRequestTests.port(of: baseURL))
            // Eight requests whose heads each take 500 ms to arrive, well within the header timeout: at least 4 s
            // in all, so the deadlines they set move past the first ones, and the connection's timer, set for
            // those, fires while a head is on its way. It must wait for that head's deadline rather than close.
            for _ in 0..<8 {
                socket.send("GET /health HTTP/1.1\r\nHost: souk\r\n")
                try await Task.sleep(for: .milliseconds(500))
                socket.send("\r\n")
                let response = await onThread { socket.readResponse(timeout: .seconds(10)) }
                #expect(response?.status == 200)
                guard response != nil else { return }
            }
            socket.send("GET /health HTTP/1.1\r\nHost: souk\r\nX-Slow: ")
            let slowStarted = ContinuousClock.now
            #expect(await Self.closedCount([socket], within: .seconds(20)) == 1)
            #expect(ContinuousClock.now - slowStarted < .seconds(20))
        }
    }

    @Test("A body sent too slowly is cut off after the body timeout, long before the idle timeout")
    func slowBody() async throws {
        let app = Self.app(["idleTimeoutSeconds": 60, "headerTimeoutSeconds": 60, "bodyTimeoutSeconds": 1])
        try await LiveSouk.run(app) { baseURL, api in
            let user = try await api.createUser()
            let appName = try await api.createApp(key: user.key)
            let socket = try RawSocket(port: MalformedRequestTests.port(of: baseURL))
            socket.send(
                "PATCH /apps/\(appName)/config-vars HTTP/1.1\r\nHost: souk\r\nAuthorization: Bearer \(user.key)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"A\":"
            )
            let answer = await onThread { socket.readUntilClosed(timeout: .seconds(20)) }
            #expect(answer.closed)
            // If an answer made it out before the close, it is the client's fault, not a 500.
            if let response = RawResponse(answer.text) { #expect(response.status == 400) }
        }
    }

    @Test("Connections over the cap are answered 503 and closed; below it again, service resumes")
    func connectionCap() async throws {
        let app = Self.app(["idleTimeoutSeconds": 30, "maxConnections": 40])
        try await LiveSouk.run(app) { baseURL, _ in
            let port = MalformedRequestTests.port(of: baseURL)
            var sockets = try (0..<60).map { _ in try RawSocket(port: port) }
            // 20 or more are over the cap (the readiness poll may hold a connection of its own); the
            // event loops admit them in no particular order, so all are watched at once.
            let refused = await onThread { [sockets] in
                RawSocket.closures(of: sockets, atLeast: 20, within: .seconds(10)).values.map { RawResponse($0) }
            }
            #expect(refused.count >= 20)
            #expect(refused.allSatisfy { $0?.status == 503 && $0?.json["id"] as? String == "unavailable" })
            #expect(refused.allSatisfy { $0?.headers["retry-after"] != nil })
            sockets.removeAll()
            // The server counts the closed sockets out as it notices them; poll until /health answers.
            var health: RawResponse?
            let deadline = ContinuousClock.now + .seconds(10)
            while health?.status != 200, ContinuousClock.now < deadline {
                health = try await Self.health(port: port)
                if health?.status != 200 { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(health?.status == 200)
        }
    }
}
