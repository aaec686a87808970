import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SoukCore
import SoukProviders
import Synchronization

/// A provider in the test process: a real Hummingbird app on 127.0.0.1 that behaves like a good provider of
/// either flavour, records every request, and misbehaves on demand (see `FakeProvider+Behaviour.swift`).
///
/// ```swift
/// try await FakeProvider.run(flavour: .heroku, username: "slug", password: "pw") { fake in
///     fake.misbehave(.provision, times: 1, .hang(.seconds(3)))
///     let exchange = await client.provision(request, at: fake.endpoint, logger: logger)
///     #expect(fake.requests.count == 1)
/// }
/// ```
final class FakeProvider: Sendable {
    let flavour: ManifestFlavour
    let username: String
    let password: String
    /// The config names a provision answers with, e.g. `FAKE_URL`.
    let configNames: [String]
    /// The path of `base_url`; resources live under it.
    let basePath: String
    let state = Mutex(State())

    struct State {
        var port = 0
        var requests: [RecordedRequest] = []
        var rules: [Operation: [Rule]] = [:]
        /// Keyed by `uuid` (Heroku) or `app_id` (Scalingo).
        var resources: [String: Resource] = [:]
        var removedKeys: Set<String> = []
        var removedIDs: Set<String> = []
        var issued = 0
    }

    struct Resource: Sendable, Equatable {
        var id: String
        var key: String
        var plan: String
        var config: [String: JSONValue]
    }

    struct RecordedRequest: Sendable {
        var method: String
        /// As sent, percent-encoding included.
        var path: String
        var headers: HTTPFields
        var body: String
        /// `nil` unless the body is JSON.
        var json: JSONValue?
        var operation: Operation?
        /// The percent-decoded id segment of a PUT or DELETE.
        var resourceID: String?

        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
    }

    init(flavour: ManifestFlavour, username: String, password: String, configNames: [String], basePath: String) {
        self.flavour = flavour
        self.username = username
        self.password = password
        self.configNames = configNames
        self.basePath = basePath
    }

    var port: Int { state.withLock { $0.port } }
    var baseURL: String { "http://127.0.0.1:\(port)\(basePath)" }
    var endpoint: ProviderEndpoint {
        ProviderEndpoint(flavour: flavour, baseURL: baseURL, username: username, password: password)
    }
    var requests: [RecordedRequest] { state.withLock { $0.requests } }
    var resources: [Resource] { state.withLock { Array($0.resources.values) } }

    func requests(for operation: Operation) -> [RecordedRequest] { requests.filter { $0.operation == operation } }

    /// Starts a fake, runs `body` against it and stops it.
    static func run<T>(
        flavour: ManifestFlavour,
        username: String = "fake-slug",
        password: String = "fakepassword123",
        configNames: [String] = ["FAKE_URL"],
        basePath: String? = nil,
        _ body: (FakeProvider) async throws -> T
    ) async throws -> T {
        let fake = FakeProvider(
            flavour: flavour,
            username: username,
            password: password,
            configNames: configNames,
            basePath: basePath ?? "/\(flavour.rawValue)/resources"
        )
        return try await serveOnLoopback(context: FakeProviderContext.self) { request, context in
            try await fake.respond(to: request, context: context)
        } _: { port in
            fake.state.withLock { $0.port = port }
            return try await body(fake)
        }
    }
}

/// Carries the connection, so that a fake can close it without answering.
struct FakeProviderContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }
}
