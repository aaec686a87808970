import AsyncHTTPClient
import Configuration
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOHTTP1
import SoukServer

/// The production application serving on a real loopback port inside the test process, for clients
/// that run as separate processes (the `souk` CLI).
enum LiveSouk {
    /// Runs `body` with the platform's base URL while the app serves; `testApp` gives its config.
    static func run<T: Sendable>(
        _ testApp: TestApp, _ body: @Sendable (_ baseURL: String, _ api: API) async throws -> T
    ) async throws -> T {
        let port = try SoukProcess.freePort()
        let configured = {
            var configured = testApp
            configured.overrides["port"] = .init(.int(port), isSecret: false)
            configured.overrides["souk.publicUrl"] = .init(.string("http://127.0.0.1:\(port)"), isSecret: false)
            // A live server's log would interleave with the CLI's output in test failures.
            configured.overrides["log.level"] = .init(
                .string(ProcessInfo.processInfo.environment["SOUK_TEST_LIVE_LOG"] ?? "critical"), isSecret: false)
            return configured
        }()
        let app = try await buildApplication(reader: configured.reader, clock: configured.clock)
        // The router test client runs on the same app, for setting things up through the API.
        return try await app.test(.router) { client in
            let server = try await buildApplication(reader: configured.reader, clock: configured.clock)
            return try await whileServing(server) {
                let baseURL = "http://127.0.0.1:\(port)"
                var ready = false
                for _ in 0..<200 where !ready {
                    ready = (try? await HTTPClient.shared.get(url: "\(baseURL)/ready").get().status.code) == 200
                    if !ready { try await Task.sleep(for: .milliseconds(50)) }
                }
                guard ready else { throw TestFailure("the live server at \(baseURL) never became ready") }
                return try await body(baseURL, API(client: client, adminKey: configured.adminKey))
            }
        }
    }
}

/// The `souk` binary run as a customer would run it, with its own HOME (for ~/.netrc) and no terminal. The HOME,
/// with the keys the CLI saved there, goes with the runner.
final class CLIRunner: Sendable {
    let baseURL: String
    let home: URL

    init(baseURL: String) throws {
        self.baseURL = baseURL
        home = FileManager.default.temporaryDirectory.appendingPathComponent("souk-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: home)
    }

    typealias Result = ChildProcess.Result

    /// Runs `souk ARGUMENTS`; `key` is passed as SOUK_API_KEY unless nil (then ~/.netrc applies).
    func run(_ arguments: [String], key: String? = nil, environment: [String: String] = [:], stdin: String? = nil)
        async throws -> Result
    {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SOUK_") && $0.key != "DATABASE_URL" }
        env["HOME"] = home.path
        env["SOUK_API_URL"] = baseURL
        env["NO_COLOR"] = "1"
        if let key { env["SOUK_API_KEY"] = key }
        env.merge(environment) { $1 }
        return try await ChildProcess.run(
            SoukProcess.repositoryRoot.appendingPathComponent(".build/debug/souk"), arguments, environment: env,
            stdin: stdin)
    }
}
