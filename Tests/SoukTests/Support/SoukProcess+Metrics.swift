import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

extension SoukProcess {
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
