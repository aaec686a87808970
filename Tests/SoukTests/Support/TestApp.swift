import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SoukCore
import SoukServer

/// The production application, built by `buildApplication(reader:)` against the suite's database, with
/// a fresh admin key per build. Each test makes its own accounts and apps under unique names.
struct TestApp {
    static let encryptionKey = "M2k4eFhWbDBqSTc1cE5ZVGdxbWVJc1V1a0ZIQjFzdGU="

    var adminKey = "admin-" + UUID().uuidString
    var adminEmail = "admin-\(UUID().uuidString.prefix(8).lowercased())@souk.test"
    var overrides: [String: ConfigValue] = [:]
    /// The time billing reads; the system's unless a test drives one.
    var clock: any SoukClock = SystemClock()

    var reader: ConfigReader {
        var values: [AbsoluteConfigKey: ConfigValue] = [
            "souk.encryptionKey": .init(.string(Self.encryptionKey), isSecret: true),
            "souk.adminApiKey": .init(.string(adminKey), isSecret: true),
            "souk.adminEmail": .init(.string(adminEmail), isSecret: false),
            "souk.migrationsPath": .init(.string(TestDatabase.migrationsDirectory), isSecret: false),
            "souk.environment": .init(.string("test"), isSecret: false),
            "souk.database.maxConnections": .init(.int(4), isSecret: false),
            "log.level": .init(.string("warning"), isSecret: false),
            "host": .init(.string("127.0.0.1"), isSecret: false),
            "port": .init(.int(0), isSecret: false),
            // scrypt at its production cost takes a second a hash in a debug build.
            "souk.dashboard.scryptLogN": .init(.int(10), isSecret: false),
            // Every sign-up of a suite comes from the same address; the budget's own test sets its own.
            "souk.dashboard.signUpsPerAddress": .init(.int(100_000), isSecret: false),
        ]
        if overrides["databaseUrl"] == nil {
            values["databaseUrl"] = .init(.string(SoukDatabase.current), isSecret: true)
        }
        for (key, value) in overrides { values[AbsoluteConfigKey(ConfigKey(key))] = value }
        return ConfigReader(provider: InMemoryProvider(values: values))
    }

    /// Runs `body` against the app through Hummingbird's router test client (services and start-up run too).
    func run<T: Sendable>(_ body: @Sendable (API) async throws -> T) async throws -> T {
        let app = try await buildApplication(reader: reader, clock: clock)
        return try await app.test(.router) { client in
            try await body(API(client: client, adminKey: adminKey))
        }
    }
}

/// A thin JSON client over Hummingbird's test client.
struct API: Sendable {
    let client: any TestClientProtocol
    let adminKey: String

    struct Response: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: ByteBuffer

        var text: String { String(buffer: body) }

        func json() throws -> Any {
            try JSONSerialization.jsonObject(with: Data(body.readableBytesView), options: [.fragmentsAllowed])
        }

        var object: [String: Any] { ((try? json()) as? [String: Any]) ?? [:] }
        var array: [[String: Any]] { ((try? json()) as? [[String: Any]]) ?? [] }
        var errorID: String? { object["id"] as? String }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try SoukJSON.makeDecoder().decode(T.self, from: Data(body.readableBytesView))
        }
    }

    func call(
        _ method: HTTPRequest.Method, _ path: String, key: String?, body: String? = nil, headers: HTTPFields = [:]
    ) async throws -> Response {
        try await call(method, path, key: key, bytes: body.map { Array($0.utf8) }, headers: headers)
    }

    func call(
        _ method: HTTPRequest.Method, _ path: String, key: String?, bytes: [UInt8]?, headers: HTTPFields = [:]
    ) async throws -> Response {
        var headers = headers
        if let key, headers[.authorization] == nil { headers[.authorization] = "Bearer \(key)" }
        if headers[.accept] == nil { headers[.accept] = "application/vnd.heroku+json; version=3" }
        if bytes != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await client.execute(
            uri: path, method: method, headers: headers, body: bytes.map { ByteBuffer(bytes: $0) }
        ) { response in
            Response(status: response.status, headers: response.headers, body: response.body)
        }
    }

    func call(
        _ method: HTTPRequest.Method, _ path: String, key: String?, json: [String: Any], headers: HTTPFields = [:]
    ) async throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: json)
        return try await call(method, path, key: key, bytes: Array(data), headers: headers)
    }

    /// A new user account and its API key.
    func createUser(role: String = "user") async throws -> (id: String, email: String, key: String) {
        let email = "user-\(UUID().uuidString.prefix(12).lowercased())@example.com"
        let response = try await call(.post, "/accounts", key: adminKey, json: ["email": email, "role": role])
        guard response.status == .created, let id = response.object["id"] as? String,
            let key = response.object["api_key"] as? String
        else {
            throw TestFailure("could not create an account: \(response.status) \(response.text)")
        }
        return (id, email, key)
    }

    /// A new app owned by the key's account; returns its name.
    func createApp(key: String, name: String? = nil) async throws -> String {
        let name = name ?? Self.uniqueAppName()
        let response = try await call(.post, "/apps", key: key, json: ["name": name])
        guard response.status == .created else {
            throw TestFailure("could not create app \(name): \(response.status) \(response.text)")
        }
        return name
    }

    static func uniqueAppName(_ prefix: String = "t") -> String {
        "\(prefix)-\(UUID().uuidString.prefix(13).lowercased())"
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
