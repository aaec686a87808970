import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SoukCore

/// The platform's HTTP API as the CLI uses it: Heroku v3 headers, JSON in the platform's dialect,
/// error bodies turned into `CLIError.api`.
public struct APIClient: Sendable {
    public let credentials: Credentials

    public init(credentials: Credentials = .current()) {
        self.credentials = credentials
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: HTTPHeaders
        public var body: Data
    }

    public func get<T: Decodable>(_ path: String, as type: T.Type = T.self, range: String? = nil) async throws -> T {
        try decode(try await send("GET", path, range: range))
    }

    public func send<T: Decodable>(
        _ method: String, _ path: String, body: some Encodable & Sendable, as type: T.Type = T.self
    ) async throws -> T {
        try decode(try await send(method, path, json: try SoukJSON.makeEncoder().encode(body)))
    }

    public func delete<T: Decodable>(_ path: String, as type: T.Type = T.self) async throws -> T {
        try decode(try await send("DELETE", path))
    }

    /// Every page of a list, following `Next-Range`.
    public func all<T: Decodable>(_ path: String, as type: T.Type = T.self) async throws -> [T] {
        var items: [T] = []
        var range: String?
        repeat {
            let response = try await send("GET", path, range: range)
            items += try decode(response) as [T]
            range = response.status == 206 ? response.headers.first(name: "Next-Range") : nil
        } while range != nil
        return items
    }

    public func send(_ method: String, _ path: String, json: Data? = nil, range: String? = nil) async throws -> Response
    {
        var request = HTTPClientRequest(url: credentials.baseURL + path)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "Accept", value: "application/vnd.heroku+json; version=3")
        request.headers.add(name: "User-Agent", value: "souk-cli")
        if let key = credentials.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let range { request.headers.add(name: "Range", value: range) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: json))
        }
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        } catch {
            throw CLIError.message("Could not reach \(credentials.baseURL): \(error)")
        }
        let body = Data((try await response.body.collect(upTo: 64 << 20)).readableBytesView)
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            if let error = try? SoukJSON.makeDecoder().decode(APIErrorBody.self, from: body) {
                throw CLIError.api(status: status, body: error)
            }
            throw CLIError.message("\(credentials.baseURL) answered HTTP \(status).")
        }
        return Response(status: status, headers: response.headers, body: body)
    }

    private func decode<T: Decodable>(_ response: Response) throws -> T {
        do {
            return try SoukJSON.makeDecoder().decode(T.self, from: response.body)
        } catch {
            throw CLIError.message("Unexpected answer from \(credentials.baseURL): \(error)")
        }
    }
}
