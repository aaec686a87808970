import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SoukCore

/// Open Service Broker calls as the conformance tester makes them: the platform's own requests and bodies,
/// with the knobs a tester turns (no `accepts_incomplete`, another plan, a wrong password, an old API
/// version), answering with the status and body as received rather than an interpretation.
public struct BrokerProbe: Sendable {
    /// What came back: a status and a JSON body, or why nothing did.
    public struct Answer: Sendable {
        public var status: Int?
        public var body: JSONValue?
        public var error: String?

        public var object: [String: JSONValue] { body?.objectValue ?? [:] }
    }

    /// The Open Service Broker API version Souk speaks.
    public static let apiVersion = "2.17"

    let transport: ProviderTransport
    public let endpoint: ProviderEndpoint

    public func catalog(password: String? = nil, version: String = Self.apiVersion) async
        -> Answer
    {
        var endpoint = endpoint
        if let password { endpoint.password = password }
        return await send(.GET, "/v2/catalog", body: nil, to: endpoint, version: version)
    }

    public func provision(_ instance: BrokerInstance, id: UUID, acceptsIncomplete: Bool = true) async -> Answer {
        let request = ProvisionRequest(
            uuid: id, name: "conformance", plan: instance.planID, region: "", callbackURL: "", herokuID: "")
        return await send(
            .PUT,
            "/v2/service_instances/\(id.lowercasedString)" + (acceptsIncomplete ? "?accepts_incomplete=true" : ""),
            body: OpenServiceBrokerClient.ProvisionBody(request: request, broker: instance))
    }

    public func lastOperation(_ instance: BrokerInstance, id: UUID, operation: String?) async -> Answer {
        var query = OpenServiceBrokerClient.catalogIDs(instance)
        if let operation { query += "&operation=\(PercentEncoding.encode(operation))" }
        return await send(.GET, "/v2/service_instances/\(id.lowercasedString)/last_operation?\(query)", body: nil)
    }

    public func bind(_ instance: BrokerInstance, id: UUID) async -> Answer {
        await send(
            .PUT,
            "/v2/service_instances/\(id.lowercasedString)/service_bindings/\(instance.bindingID.lowercasedString)",
            body: OpenServiceBrokerClient.BindBody(broker: instance))
    }

    public func unbind(_ instance: BrokerInstance, id: UUID) async -> Answer {
        await send(
            .DELETE,
            "/v2/service_instances/\(id.lowercasedString)/service_bindings/\(instance.bindingID.lowercasedString)?"
                + OpenServiceBrokerClient.catalogIDs(instance), body: nil)
    }

    public func deprovision(_ instance: BrokerInstance, id: UUID) async -> Answer {
        await send(
            .DELETE,
            "/v2/service_instances/\(id.lowercasedString)?accepts_incomplete=true&"
                + OpenServiceBrokerClient.catalogIDs(instance), body: nil)
    }

    private func send(
        _ method: HTTPMethod, _ path: String, body: (any Encodable)?, to endpoint: ProviderEndpoint? = nil,
        version: String = Self.apiVersion
    ) async -> Answer {
        let endpoint = endpoint ?? self.endpoint
        let exchange = await transport.send(
            method, OpenServiceBrokerClient.join(endpoint.baseURL, path), body: body.map { ProviderTransport.json($0) },
            accept: OpenServiceBrokerClient.accept, headers: [("X-Broker-API-Version", version)], to: endpoint,
            logger: Logger(label: "souk.conformance", factory: { _ in SwiftLogNoOpLogHandler() })
        ) { reply -> Result<Answer, ProviderError> in
            let body = reply.body.flatMap {
                try? JSONDecoder().decode(JSONValue.self, from: Data($0.readableBytesView))
            }
            return .success(Answer(status: reply.status, body: body, error: nil))
        }
        switch exchange.result {
        case .success(let answer): return answer
        case .failure(let error): return Answer(status: exchange.call.status, body: nil, error: error.customerMessage)
        }
    }
}
