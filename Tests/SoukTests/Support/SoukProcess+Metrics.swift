import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

extension SoukProcess {
    /// A second `souk serve` on the test's database, with TestApp's key, serving `/metrics` to `metricsToken`.
    /// The caller kills it, and waits until it is ready (`ready()`).
    static func sibling(metricsToken: String) throws -> SoukProcess {
        try SoukProcess(environment: [
            "DATABASE_URL": SoukDatabase.current, "SOUK_ENCRYPTION_KEY": TestApp.encryptionKey,
            "SOUK_ENV": "test", "SOUK_METRICS_TOKEN": metricsToken, "LOG_LEVEL": "error",
        ])
    }

    /// Whether `/ready` answered 200 within 30 s.
    func ready() async throws -> Bool {
        try await eventually(timeout: .seconds(30)) { (try? await get("/ready", key: nil))?.status == 200 }
    }

    /// `/metrics`, as Prometheus would scrape it with `token`.
    func scrapeMetrics(token: String) async throws -> String {
        var request = HTTPClientRequest(url: "\(baseURL)/metrics")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 1 << 22))
    }

    /// The value of the sample named exactly `name` (labels included) in a Prometheus exposition.
    static func sample(_ exposition: String, _ name: String) -> Int? {
        for line in exposition.split(separator: "\n") where line.hasPrefix(name + " ") {
            return line.split(separator: " ").last.flatMap { Double(String($0)) }.map { Int($0) }
        }
        return nil
    }

    /// A GET, with an API key when given: the status and, for JSON objects, the body.
    func get(_ path: String, key: String?) async throws -> (status: Int, object: [String: Any]) {
        var request = HTTPClientRequest(url: "\(baseURL)\(path)")
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        request.headers.add(name: "Accept", value: "application/vnd.heroku+json; version=3")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
        return (Int(response.status.code), object ?? [:])
    }
}
