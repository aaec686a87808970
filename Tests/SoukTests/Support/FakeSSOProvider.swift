import AsyncHTTPClient
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import SoukCore
import Synchronization

/// Single sign-on in front of a `FakeProvider`: a Hummingbird app on 127.0.0.1 that serves the `sso_url` of the
/// fake's flavour and forwards every other request to the fake, so that a manifest pointing here has a whole
/// provider. It checks tokens as kensa's templates did: `sha1(id:salt:timestamp)` (and, when sent,
/// `sha1(resource_id:salt:timestamp)`), a 2-minute window both ways, 403 otherwise. Flaws make it a provider the
/// conformance run must catch.
///
/// ```swift
/// try await FakeSSOProvider.run(in: fake, salt: "salt", flaws: [.acceptsStaleTimestamps]) { provider in
///     // manifest: test.base_url = provider.baseURL, test.sso_url = provider.ssoURL
/// }
/// ```
final class FakeSSOProvider: Sendable {
    enum Flaw: Sendable, Hashable {
        /// No freshness window.
        case acceptsStaleTimestamps
        /// Lets any token in.
        case acceptsInvalidTokens
        /// Forwards resource calls with the fake's own credentials, whatever the caller sent.
        case ignoresCredentials
        /// A freshness window of this many seconds instead of 2 minutes.
        case window(seconds: Int)
        /// Bounds only the past: a timestamp ahead of the clock is fine.
        case acceptsFutureTimestamps
        /// Compares the tokens but for their last character.
        case comparesTokenPrefix
        /// Scalingo's boilerplate: `password.start_with?(right)`, so anything appended gets in.
        case acceptsPasswordsStartingWithIt
        /// Compares only as many characters as were sent (`right.start_with?(password)`), the empty one included.
        case acceptsPrefixesOfPassword
        /// Skips the check when the password is blank.
        case acceptsEmptyPassword
    }

    struct SignOn: Sendable {
        var method: String
        var params: [String: String]
        var status: Int
    }

    static let window = 120

    let fake: FakeProvider
    let salt: String
    let flaws: Set<Flaw>
    private let state = Mutex((port: 0, signOns: [SignOn]()))

    init(fake: FakeProvider, salt: String, flaws: Set<Flaw>) {
        self.fake = fake
        self.salt = salt
        self.flaws = flaws
    }

    var port: Int { state.withLock { $0.port } }
    /// The fake's `base_url`, reached through this front.
    var baseURL: String { "http://127.0.0.1:\(port)\(fake.basePath)" }
    /// `POST /sso/login` for Heroku's form, `GET /sso` for Scalingo's link.
    var ssoURL: String { "http://127.0.0.1:\(port)\(ssoPath)" }
    var ssoPath: String { fake.flavour == .heroku ? "/sso/login" : "/sso" }
    var signOns: [SignOn] { state.withLock { $0.signOns } }

    static func run<T>(
        in fake: FakeProvider, salt: String, flaws: Set<Flaw> = [], _ body: (FakeSSOProvider) async throws -> T
    ) async throws -> T {
        let provider = FakeSSOProvider(fake: fake, salt: salt, flaws: flaws)
        return try await serveOnLoopback(context: BasicRequestContext.self) { request, _ in
            try await provider.respond(to: request)
        } _: { port in
            provider.state.withLock { $0.port = port }
            return try await body(provider)
        }
    }

    private func respond(to request: Request) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        guard request.uri.path == ssoPath else { return try await forward(request, body: body) }
        let params: [String: String]
        switch (fake.flavour, request.method) {
        case (.heroku, .post): params = Self.form(String(buffer: body))
        case (.scalingo, .get): params = Self.form(request.uri.query ?? "")
        default: return Response(status: .methodNotAllowed)
        }
        let response = signOn(params)
        state.withLock {
            $0.signOns.append(SignOn(method: request.method.rawValue, params: params, status: response.status.code))
        }
        return response
    }

    private func signOn(_ params: [String: String]) -> Response {
        guard let id = params["id"], let token = params["token"], let timestamp = params["timestamp"].flatMap(Int.init)
        else { return Response(status: .forbidden) }
        let now = Int(Date().timeIntervalSince1970)
        let window = flaws.lazy.compactMap { if case .window(let seconds) = $0 { seconds } else { nil } }.first
        if !flaws.contains(.acceptsStaleTimestamps), timestamp < now - (window ?? Self.window) {
            return Response(status: .forbidden)
        }
        if !flaws.contains(.acceptsFutureTimestamps), timestamp > now + (window ?? Self.window) {
            return Response(status: .forbidden)
        }
        if !flaws.contains(.acceptsInvalidTokens) {
            guard matches(token, sha1("\(id):\(salt):\(timestamp)")) else { return Response(status: .forbidden) }
            if let resource = params["resource_id"],
                !matches(params["resource_token"] ?? "", sha1("\(resource):\(salt):\(timestamp)"))
            {
                return Response(status: .forbidden)
            }
        }
        guard fake.resources.contains(where: { $0.id == id }) else { return Response(status: .notFound) }
        switch fake.flavour {
        case .heroku:
            var headers: HTTPFields = [.location: "/dashboard"]
            headers[.setCookie] = "heroku-nav-data=\(params["nav-data"] ?? ""); Path=/"
            return Response(status: .found, headers: headers)
        case .scalingo, .osb:
            return Response(
                status: .ok, headers: [.contentType: "text/html"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "<h1>Dashboard of \(id)</h1>"))
            )
        }
    }

    private func matches(_ token: String, _ expected: String) -> Bool {
        flaws.contains(.comparesTokenPrefix) ? token.dropLast() == expected.dropLast() : token == expected
    }

    /// Whether a credential flaw lets this Basic header in although the fake itself would refuse it.
    private func letsIn(_ authorization: String?) -> Bool {
        if flaws.contains(.ignoresCredentials) { return true }
        guard let authorization, authorization.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(authorization.dropFirst(6))),
            let credentials = String(data: decoded, encoding: .utf8),
            let colon = credentials.firstIndex(of: ":"), credentials[..<colon] == fake.username
        else { return false }
        let password = String(credentials[credentials.index(after: colon)...])
        return (flaws.contains(.acceptsPasswordsStartingWithIt) && password.hasPrefix(fake.password))
            || (flaws.contains(.acceptsPrefixesOfPassword) && fake.password.hasPrefix(password))
            || (flaws.contains(.acceptsEmptyPassword) && password.isEmpty)
    }

    /// Passes a resource call on to the fake and its answer back.
    private func forward(_ request: Request, body: ByteBuffer) async throws -> Response {
        let query = request.uri.query.map { "?\($0)" } ?? ""
        var outbound = HTTPClientRequest(url: "http://127.0.0.1:\(fake.port)\(request.uri.path)\(query)")
        outbound.method = HTTPMethod(rawValue: request.method.rawValue)
        for field in request.headers where ![.contentLength, .authorization].contains(field.name) {
            outbound.headers.add(name: field.name.rawName, value: field.value)
        }
        if letsIn(request.headers[.authorization]) {
            outbound.setBasicAuth(username: fake.username, password: fake.password)
        } else if let authorization = request.headers[.authorization] {
            outbound.headers.add(name: "Authorization", value: authorization)
        }
        if body.readableBytes > 0 { outbound.body = .bytes(body) }
        let response = try await HTTPClient.shared.execute(outbound, timeout: .seconds(30))
        let answer = try await response.body.collect(upTo: 4 << 20)
        var headers: HTTPFields = [:]
        if let contentType = response.headers.first(name: "Content-Type") { headers[.contentType] = contentType }
        return Response(
            status: HTTPResponse.Status(code: Int(response.status.code)), headers: headers,
            body: ResponseBody(byteBuffer: answer)
        )
    }

    /// `a=1&b=%202` as a browser encodes forms and queries.
    static func form(_ text: String) -> [String: String] {
        var params: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            params[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return params
    }

    private func sha1(_ text: String) -> String {
        Insecure.SHA1.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
