import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SoukCore

/// The Open Service Broker API v2.17 (PROTOCOLS §7) behind the same three calls as the manifest flavours. A
/// provision is an instance and, for a bindable service, the billing app's binding, whose credentials are the
/// add-on's config (as sent: `BrokerCredentials` names them); a removal unbinds, then deletes the instance.
/// Anything that may have left an instance or a binding behind comes back as a failure that is not
/// definitive, so that the job turns into an orphan mitigation (a removal retried until the broker
/// acknowledges it), as the specification's table asks.
struct OpenServiceBrokerClient: ProviderClient {
    static let apiVersion = BrokerProbe.apiVersion
    static let accept = "application/json"

    let transport: ProviderTransport

    func provision(
        _ request: ProvisionRequest, at endpoint: ProviderEndpoint, logger: Logger
    ) async -> ProviderExchange<ProvisionResult> {
        guard let broker = endpoint.broker else { return Self.missingInstance(endpoint) }
        let instance = await send(
            .PUT, instanceURL(endpoint, request.uuid, query: "accepts_incomplete=true"),
            body: ProvisionBody(request: request, broker: broker), to: endpoint, logger: logger
        ) { reply -> Result<InstanceAnswer, ProviderError> in
            // 202: the broker finishes later; Souk polls `last_operation` with the operation it names.
            if reply.status == 202 {
                let body = Self.object(reply)
                return .success(
                    .accepted(operation: body?["operation"]?.stringValue, dashboard: Self.dashboard(body)))
            }
            return Self.created(reply, what: "instance").map { .created(dashboard: Self.dashboard($0)) }
        }
        let dashboard: String?
        switch instance.result {
        case .failure(let error):
            return ProviderExchange(result: .failure(error), call: instance.call)
        case .success(.accepted(let operation, let url)):
            var result = ProvisionResult(outcome: .provisioning, providerID: request.uuid.lowercasedString)
            result.operation = operation
            result.dashboardURL = url
            return ProviderExchange(result: .success(result), call: instance.call)
        case .success(.created(let url)):
            dashboard = url
        }
        guard broker.bindable else {
            return ProviderExchange(
                result: .success(Self.result(request, config: [:], dashboard: dashboard)), call: instance.call)
        }
        let binding = await bind(request.uuid, at: endpoint, logger: logger)
        let result: Result<ProvisionResult, ProviderError>
        switch binding.result {
        case .success(.bound(let credentials)):
            result = .success(Self.result(request, config: credentials, dashboard: dashboard))
        case .success(.inProgress(let operation)):
            var pending = ProvisionResult(outcome: .provisioning, providerID: request.uuid.lowercasedString)
            pending.operation = operation
            pending.bindingPending = true
            pending.dashboardURL = dashboard
            result = .success(pending)
        case .failure(let error):
            // The instance exists: whatever goes wrong with its binding, it must be removed, so no failure here
            // is final (a broker's refusal included); the customer still reads the broker's reason.
            result = .failure(
                error.isDefinitive
                    ? .failed(status: binding.call.status ?? 400, message: error.customerMessage) : error)
        }
        return ProviderExchange(result: result, call: binding.call, preceding: [instance.call])
    }

    /// A binding of an instance that exists (`endpoint.broker` names the binding and its app), and its
    /// credentials, or the operation of a binding made asynchronously. A refusal is definitive: nothing was
    /// bound.
    func bind(_ uuid: UUID, at endpoint: ProviderEndpoint, logger: Logger) async -> ProviderExchange<
        BrokerBindingAnswer
    > {
        guard let broker = endpoint.broker else { return Self.missingInstance(endpoint) }
        return await send(
            .PUT, bindingURL(endpoint, uuid, broker.bindingID, query: "accepts_incomplete=true"),
            body: BindBody(broker: broker), to: endpoint, logger: logger
        ) { reply -> Result<BrokerBindingAnswer, ProviderError> in
            if reply.status == 202 {
                return .success(.inProgress(operation: Self.object(reply)?["operation"]?.stringValue))
            }
            return Self.created(reply, what: "binding").flatMap(Self.credentials).map { .bound($0) }
        }
    }

    /// `GET …/service_bindings/{id}`: the credentials of a binding made asynchronously.
    func fetchBinding(_ uuid: UUID, binding: UUID, at endpoint: ProviderEndpoint, logger: Logger) async
        -> ProviderExchange<[String: JSONValue]>
    {
        guard endpoint.broker != nil else { return Self.missingInstance(endpoint) }
        return await send(.GET, bindingURL(endpoint, uuid, binding, query: ""), body: nil, to: endpoint, logger: logger)
        { reply in
            guard reply.status == 200 else { return .failure(Self.failure(reply)) }
            guard let body = Self.object(reply) else {
                return .failure(.invalidResponse("the binding's answer is not a JSON object"))
            }
            return Self.credentials(body)
        }
    }

    private static func credentials(_ body: [String: JSONValue]) -> Result<[String: JSONValue], ProviderError> {
        guard case .object(let credentials)? = body["credentials"] else {
            return .failure(.invalidResponse("the binding has no credentials object"))
        }
        return .success(credentials)
    }

    /// Removes a binding; 410 means it is gone already.
    func unbind(_ uuid: UUID, binding: UUID, at endpoint: ProviderEndpoint, logger: Logger) async
        -> ProviderExchange<DeprovisionResult>
    {
        guard let broker = endpoint.broker else { return Self.missingInstance(endpoint) }
        // Bindings are removed synchronously: without `accepts_incomplete` a broker answers 200 or 410.
        return await send(
            .DELETE, bindingURL(endpoint, uuid, binding, query: Self.catalogIDs(broker)), body: nil, to: endpoint,
            logger: logger, interpret: Self.removed)
    }

    /// `GET …/last_operation` of an instance, or of one of its bindings. 410 is `gone`.
    func lastOperation(
        _ uuid: UUID, binding: UUID? = nil, operation: String?, at endpoint: ProviderEndpoint, logger: Logger
    ) async -> ProviderExchange<BrokerOperation> {
        guard let broker = endpoint.broker else { return Self.missingInstance(endpoint) }
        var query = Self.catalogIDs(broker)
        if let operation { query += "&operation=\(PercentEncoding.encode(operation))" }
        let url =
            if let binding {
                bindingURL(endpoint, uuid, binding, suffix: "/last_operation", query: query)
            } else {
                Self.join(endpoint.baseURL, "/v2/service_instances/\(uuid.lowercasedString)/last_operation?\(query)")
            }
        return await send(.GET, url, body: nil, to: endpoint, logger: logger) { reply in
            guard reply.status == 200 else { return .failure(Self.failure(reply)) }
            guard let object = Self.object(reply),
                let state = object["state"]?.stringValue.flatMap(BrokerOperation.State.init(rawValue:))
            else { return .failure(.invalidResponse("the last operation has no state Souk knows")) }
            return .success(
                BrokerOperation(
                    state: state, description: object["description"]?.stringValue,
                    retryAfter: reply.retryAfter.flatMap(Int.init).map { .seconds(max(0, min($0, 3600))) }))
        }
    }

    func changePlan(
        providerID: String, uuid: UUID, plan: String, options: [String: String], at endpoint: ProviderEndpoint,
        logger: Logger
    ) async -> ProviderExchange<PlanChangeResult> {
        guard let broker = endpoint.broker else { return Self.missingInstance(endpoint) }
        // `plan` is the broker's id of the new plan; the endpoint still names the current one.
        return await send(
            .PATCH, instanceURL(endpoint, uuid, query: "accepts_incomplete=true"),
            body: UpdateBody(broker: broker, planID: plan), to: endpoint, logger: logger
        ) { reply in
            switch reply.status {
            case 200: return .success(PlanChangeResult())
            case 202:
                var result = PlanChangeResult()
                result.pending = true
                result.operation = Self.object(reply)?["operation"]?.stringValue
                return .success(result)
            default: return .failure(Self.failure(reply))
            }
        }
    }

    func deprovision(
        providerID: String, uuid: UUID, at endpoint: ProviderEndpoint, logger: Logger
    ) async -> ProviderExchange<DeprovisionResult> {
        guard let broker = endpoint.broker else { return Self.missingInstance(endpoint) }
        let ids = Self.catalogIDs(broker)
        var preceding: [ProviderCall] = []
        if broker.bindable {
            // The billing binding goes before its instance.
            let unbind = await unbind(uuid, binding: broker.bindingID, at: endpoint, logger: logger)
            guard case .success = unbind.result else { return unbind }
            preceding.append(unbind.call)
        }
        var delete = await send(
            .DELETE, instanceURL(endpoint, uuid, query: ids + "&accepts_incomplete=true"), body: nil, to: endpoint,
            logger: logger, interpret: Self.removed)
        delete.preceding = preceding
        return delete
    }

    /// `GET /v2/catalog`, as sent.
    func catalog(at endpoint: ProviderEndpoint, logger: Logger) async -> ProviderExchange<JSONValue> {
        await send(.GET, Self.join(endpoint.baseURL, "/v2/catalog"), body: nil, to: endpoint, logger: logger) {
            reply in
            guard reply.status == 200 else { return .failure(Self.failure(reply)) }
            guard let body = reply.body,
                let document = try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))
            else { return .failure(.invalidResponse("the catalog is not JSON")) }
            return .success(document)
        }
    }

    // MARK: Answers

    /// 200 or 201 with a JSON object. Every malformed creation may have left something behind.
    private static func created(_ reply: ProviderReply, what: String) -> Result<[String: JSONValue], ProviderError> {
        switch reply.status {
        case 200, 201:
            guard let object = Self.object(reply) else {
                return .failure(.invalidResponse("the \(what)'s answer is not a JSON object"))
            }
            return .success(object)
        case 202, 204, 203, 205, 206:
            return .failure(.invalidResponse("HTTP \(reply.status) is not an answer to a \(what) creation"))
        default:
            return .failure(Self.failure(reply))
        }
    }

    /// A broker's error: `{"error": "RequiresApp", "description": "…"}` reads `… (RequiresApp)`, the
    /// description being the sentence for people and `error` the specification's code.
    private static func failure(_ reply: ProviderReply) -> ProviderError {
        let error = reply.failure()
        guard let body = try? reply.decodedObject(), let text = body.descriptionText ?? body.error else { return error }
        let message = if let code = body.error, body.descriptionText != nil { "\(text) (\(code))" } else { text }
        // Another operation on the instance is under way: not a refusal, the same call is retried later.
        if reply.status == 422, body.error == "ConcurrencyError" { return .failed(status: 422, message: message) }
        switch error {
        case .refused(let status, _): return .refused(status: status, message: message)
        case .failed(let status, _): return .failed(status: status, message: message)
        default: return error
        }
    }

    /// 200 and 410 end a removal; a 202 is an operation under way, polled until the broker says it ended.
    private static func removed(_ reply: ProviderReply) -> Result<DeprovisionResult, ProviderError> {
        switch reply.status {
        case 200: .success(.removed)
        case 410: .success(.alreadyGone)
        case 202: .success(.inProgress(operation: Self.object(reply)?["operation"]?.stringValue))
        default: .failure(Self.failure(reply))
        }
    }

    private enum InstanceAnswer {
        case created(dashboard: String?)
        case accepted(operation: String?, dashboard: String?)
    }

    /// The body as a JSON object, if it is one.
    private static func object(_ reply: ProviderReply) -> [String: JSONValue]? {
        guard let body = reply.body,
            case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))
        else { return nil }
        return object
    }

    /// `dashboard_url` when it is an http or https URL: anything else (a `javascript:` link) is dropped.
    private static func dashboard(_ body: [String: JSONValue]?) -> String? {
        guard let text = body?["dashboard_url"]?.stringValue, (try? ProviderURL(parsing: text)) != nil else {
            return nil
        }
        return text
    }

    private static func result(_ request: ProvisionRequest, config: [String: JSONValue], dashboard: String? = nil)
        -> ProvisionResult
    {
        var result = ProvisionResult(outcome: .provisioned, providerID: request.uuid.lowercasedString, config: config)
        result.dashboardURL = dashboard
        return result
    }

    private static func missingInstance<Value>(_ endpoint: ProviderEndpoint) -> ProviderExchange<Value> {
        ProviderExchange(
            result: .failure(.invalidResponse("the service has no broker ids")),
            call: ProviderCall(
                method: "PUT", url: endpoint.baseURL, status: nil, duration: .zero,
                error: "the service has no broker ids", startedAt: Date()))
    }

    // MARK: Requests

    /// Every call carries the API version, and the request it serves (`X-Broker-API-Request-Identity`).
    private func send<Value: Sendable>(
        _ method: HTTPMethod, _ url: String, body: (any Encodable)?, to endpoint: ProviderEndpoint, logger: Logger,
        interpret: (ProviderReply) -> Result<Value, ProviderError>
    ) async -> ProviderExchange<Value> {
        var headers = [("X-Broker-API-Version", Self.apiVersion)]
        if let actor = endpoint.broker?.actor {
            // `<platform> <base64 of a JSON object>`; Souk's platform is `souk`, the object names the account.
            let identity = Data(#"{"user_id":"\#(actor.lowercasedString)"}"#.utf8).base64EncodedString()
            headers.append(("X-Broker-API-Originating-Identity", "souk \(identity)"))
        }
        if let requestID = logger[metadataKey: "request_id"] {
            headers.append(("X-Broker-API-Request-Identity", "\(requestID)"))
        }
        return await transport.send(
            method, url, body: body.map { ProviderTransport.json($0) }, accept: Self.accept, headers: headers,
            to: endpoint, logger: logger, interpret: interpret)
    }

    private func instanceURL(_ endpoint: ProviderEndpoint, _ id: UUID, query: String) -> String {
        Self.join(endpoint.baseURL, "/v2/service_instances/\(id.lowercasedString)?\(query)")
    }

    /// The binding's URL, then `suffix` (`/last_operation`), then `?query` unless it is empty.
    private func bindingURL(
        _ endpoint: ProviderEndpoint, _ id: UUID, _ binding: UUID, suffix: String = "", query: String
    ) -> String {
        let path = "/v2/service_instances/\(id.lowercasedString)/service_bindings/\(binding.lowercasedString)\(suffix)"
        return Self.join(endpoint.baseURL, query.isEmpty ? path : "\(path)?\(query)")
    }

    /// `service_id=…&plan_id=…`, which every DELETE and poll carries.
    static func catalogIDs(_ broker: BrokerInstance) -> String {
        "service_id=\(PercentEncoding.encode(broker.serviceID))&plan_id=\(PercentEncoding.encode(broker.planID))"
    }

    static func join(_ base: String, _ path: String) -> String {
        (base.hasSuffix("/") ? String(base.dropLast()) : base) + path
    }
}
