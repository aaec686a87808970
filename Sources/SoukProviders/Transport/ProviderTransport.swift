import AsyncHTTPClient
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import SoukCore

/// Sends one request the way every flavour must: address check, a connection to the very address checked, one
/// deadline for the whole exchange, a capped body, the status read before the body, a record of the call, and
/// logs without secrets.
struct ProviderTransport: Sendable {
    let http: HTTPClient
    let settings: ProviderClientSettings
    let resolver: ProviderHostResolver
    /// Whether calls connect to the address the guard checked. Always where private addresses are refused;
    /// tests of the pinning itself turn it on with loopback allowed.
    let pinsAddresses: Bool
    let pinnedClients = PinnedClientPool()

    init(
        http: HTTPClient,
        settings: ProviderClientSettings,
        resolver: ProviderHostResolver = .system,
        pinsAddresses: Bool? = nil
    ) {
        self.http = http
        self.settings = settings
        self.resolver = resolver
        self.pinsAddresses = pinsAddresses ?? !settings.allowsPrivateAddresses
    }

    /// Shuts the shared client and the pinned ones down; call once, after the last call.
    func shutdown() async throws {
        await pinnedClients.shutdown()
        try await http.shutdown()
    }

    /// The client configuration of every provider call.
    static func configuration(_ settings: ProviderClientSettings) -> HTTPClient.Configuration {
        HTTPClient.Configuration(
            redirectConfiguration: .disallow,  // a provider's redirect is an answer, not a hint
            timeout: HTTPClient.Configuration.Timeout(connect: TimeAmount(settings.connectTimeout))
        )
    }

    func send<Value: Sendable>(
        _ method: HTTPMethod,
        _ url: String,
        body: ByteBuffer?,
        accept: String,
        headers: [(String, String)] = [],
        to endpoint: ProviderEndpoint,
        logger: Logger,
        interpret: (ProviderReply) -> Result<Value, ProviderError>
    ) async -> ProviderExchange<Value> {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.setBasicAuth(username: endpoint.username, password: endpoint.password)
        request.headers.add(name: "Accept", value: accept)
        request.headers.add(contentsOf: headers)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(body)  // a known length, so Content-Length is always sent
        }

        let recordedURL = ResourceURL.redacted(url)
        var logger = logger
        logger[metadataKey: "provider.method"] = "\(method.rawValue)"
        logger[metadataKey: "provider.url"] = "\(recordedURL)"
        logger.debug("Calling provider")

        let startedAt = Date()
        let clock = ContinuousClock()
        let start = clock.now
        let status = NIOLockedValueBox<Int?>(nil)
        let reply = await withinDeadline(start + settings.requestTimeout) { [request, logger] in
            await perform(request, status: status, logger: logger)
        }
        let result = reply.flatMap(interpret).mapError { $0.redacting(endpoint.password) }
        let call = ProviderCall(
            method: method.rawValue,
            url: recordedURL,
            status: status.withLockedValue { $0 },
            duration: start.duration(to: clock.now),
            error: result.failure?.detail,
            startedAt: startedAt
        )

        if let code = call.status { logger[metadataKey: "provider.status"] = "\(code)" }
        logger[metadataKey: "provider.duration_ms"] = "\(call.duration.milliseconds)"
        if let error = call.error {
            logger[metadataKey: "provider.error"] = "\(error)"
            logger.info("Provider call failed")
        } else {
            logger.info("Provider call succeeded")
        }
        return ProviderExchange(result: result, call: call)
    }

    private func perform(
        _ request: HTTPClientRequest,
        status: NIOLockedValueBox<Int?>,
        logger: Logger
    ) async -> Result<ProviderReply, ProviderError> {
        do {
            let pinned = try await ProviderAddressGuard.admit(
                request.url,
                allowsPrivateAddresses: settings.allowsPrivateAddresses,
                pinning: pinsAddresses,
                resolver: resolver
            )
            guard let pinned else {
                return .success(try await exchange(request, on: http, status: status, logger: logger))
            }
            // AsyncHTTPClient 1.37 resolves names itself and offers no resolver hook (`DNSResolver` is `.system`
            // or `.randomized`), and connecting to the IP literal would send no SNI and verify the certificate
            // against the address. Its `dnsOverride` is the one way in: the pool connects to the override
            // (`ConnectionTarget` takes an IP literal as an address, so nothing is resolved again), while the
            // `Host` header comes from the URL and the TLS handler gets the original name as SNI and for
            // certificate verification (`ConnectionPool.Key.serverNameIndicatorOverride`). It is a client-wide
            // setting, so pinned calls go through clients of their own on the shared event loops, kept per
            // address.
            return .success(
                try await pinnedClients.withClient(
                    pinned: pinned, configuration: Self.configuration(settings), eventLoopGroup: http.eventLoopGroup
                ) { client in
                    try await exchange(request, on: client, status: status, logger: logger)
                })
        } catch {
            return .failure(ProviderError(transportError: error))
        }
    }

    private func exchange(
        _ request: HTTPClientRequest,
        on client: HTTPClient,
        status: NIOLockedValueBox<Int?>,
        logger: Logger
    ) async throws -> ProviderReply {
        // AsyncHTTPClient logs every response part at trace level, and provision answers hold credentials
        var clientLogger = logger
        clientLogger.logLevel = max(logger.logLevel, .debug)
        let deadline = NIODeadline.now() + TimeAmount(settings.requestTimeout)
        let response = try await client.execute(request, deadline: deadline, logger: clientLogger)
        let code = Int(response.status.code)
        status.withLockedValue { $0 = code }
        do {
            let body = try await response.body.collect(upTo: settings.maximumBodyBytes)
            return ProviderReply(status: code, body: body, retryAfter: response.headers.first(name: "Retry-After"))
        } catch is NIOTooManyBytesError {
            return ProviderReply(status: code, body: nil, retryAfter: response.headers.first(name: "Retry-After"))
        }
    }

    /// A POST of `body` to `url` under the same address guard, pinning and deadline as provider calls, with no
    /// credentials of Souk's: a webhook delivery. The HTTP status, or why none came back.
    func post(
        _ url: String, body: ByteBuffer, headers: [(String, String)], timeout: Duration, logger: Logger
    ) async -> Result<Int, ProviderError> {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(contentsOf: headers)
        request.body = .bytes(body)
        let status = NIOLockedValueBox<Int?>(nil)
        let reply = await withinDeadline(ContinuousClock.now + timeout) { [request, logger] in
            await perform(request, status: status, logger: logger)
        }
        return reply.map(\.status)
    }

    /// Execute's own deadline stops once the response head is in; this one also bounds the body and the DNS
    /// lookup of the address check.
    private func withinDeadline<T: Sendable>(
        _ deadline: ContinuousClock.Instant,
        _ operation: @escaping @Sendable () async -> Result<T, ProviderError>
    ) async -> Result<T, ProviderError> {
        await withTaskGroup(of: Result<T, ProviderError>?.self) { group in
            group.addTask { await operation() }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failure(.timedOut)
        }
    }

    /// JSON for a request body. The wire types hold strings, string maps and dates, which always encode.
    static func json(_ value: some Encodable) -> ByteBuffer {
        ByteBuffer(bytes: try! SoukJSON.encode(value))
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

extension Duration {
    fileprivate var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
