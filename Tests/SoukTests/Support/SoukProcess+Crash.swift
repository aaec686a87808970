import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1

/// What the crash tests share: a `souk serve` on the suite's database with short leases and calls, and a
/// request sent to it that nobody waits for, since the process dies before it answers.
extension SoukProcess {
    /// Loopback providers allowed, 1 s job leases, 2 s provider calls and 1 s webhook attempts; ready when it
    /// returns.
    static func forCrashTests() async throws -> SoukProcess {
        let souk = try SoukProcess(environment: [
            "DATABASE_URL": SoukDatabase.current, "SOUK_ENCRYPTION_KEY": TestApp.encryptionKey,
            "SOUK_ENV": "test", "SOUK_PROVIDERS_ALLOW_INSECURE_URLS": "true", "SOUK_JOBS_LEASE_SECONDS": "1",
            "SOUK_PROVIDERS_TIMEOUT_SECONDS": "2", "LOG_LEVEL": "error",
            // A delivery held by a killed process comes back after 3 × this.
            "SOUK_WEBHOOKS_TIMEOUT_SECONDS": "1", "SOUK_WEBHOOKS_POLL_SECONDS": "0.05",
            // An attempt it sees time out before it dies is due again at once, not after a minute.
            "SOUK_WEBHOOKS_RETRY_BASE_SECONDS": "0.05",
        ])
        let ready = try await eventually(timeout: .seconds(30)) {
            (try? await HTTPClient.shared.get(url: "\(souk.baseURL)/ready").get().status.code) == 200
        }
        guard ready else {
            souk.kill()
            throw TestFailure("souk serve did not become ready")
        }
        return souk
    }

    /// `POST path` with a JSON `body` as `key`, left running: cancel it once the process is killed.
    func post(_ path: String, key: String, body: String) -> Task<Void, Never> {
        send(.POST, path, key: key, body: body)
    }

    /// `method path` with a JSON `body` as `key`, left running: cancel it once the process is killed.
    func send(_ method: HTTPMethod, _ path: String, key: String, body: String) -> Task<Void, Never> {
        Task {
            var request = HTTPClientRequest(url: "\(baseURL)\(path)")
            request.method = method
            request.headers.add(name: "Authorization", value: "Bearer \(key)")
            request.body = .bytes(ByteBuffer(string: body))
            _ = try? await HTTPClient.shared.execute(request, timeout: .seconds(25))
        }
    }
}
