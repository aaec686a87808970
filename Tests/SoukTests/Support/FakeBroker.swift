import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SoukCore
import Synchronization

/// An Open Service Broker in the test process, for the faults a real one is hard to make show: it behaves
/// (one bindable service, synchronous, credentials with a `uri`) until told to answer one operation otherwise.
/// The well-behaved broker of the suite is `OpenBrokerAPIBroker`; this one is for the orphan-mitigation table.
final class FakeBroker: Sendable {
    enum Operation: String, Sendable {
        case catalog, provision, bind, unbind, deprovision, update, lastOperation, fetchBinding
    }

    enum Fault: Sendable {
        /// Answers with this status and body, doing nothing.
        case status(Int, String)
        /// Does the work, then answers only after this long.
        case hang(Duration)
    }

    struct Request: Sendable {
        var method: String
        var path: String
        var query: String
        var headers: HTTPFields
        var operation: Operation?
    }

    static let serviceID = "fake-broker-service"
    static let planID = "fake-broker-plan"
    static let otherPlanID = "fake-broker-plan-2"
    /// Each fake's service is its own: add-on service slugs are unique on the platform.
    let slug = "fake-broker-\(UUID().uuidString.prefix(8).lowercased())"
    /// The catalog's `plan_updateable`.
    let planUpdateable: Bool
    let username = "broker-user"
    let password = "broker-password-123"
    private let state = Mutex(State())

    private struct State {
        var port = 0
        var requests: [Request] = []
        var faults: [Operation: [Fault]] = [:]
        var instances: Set<String> = []
        var bindings: Set<String> = []
        /// Provisions answer 202 and finish when `lastOperation` says `succeeded`.
        var asynchronous: Set<Operation> = []
        var maximumPollingDuration: Int?
        /// What `last_operation` answers, in order, before `succeeded`.
        var operationStates: [String] = []
        /// The catalog's service name and plans (id, name), as the broker offers them now.
        var serviceName: String?
        var plans = [(FakeBroker.planID, "small"), (FakeBroker.otherPlanID, "large")]
        var dashboardURL = "http://127.0.0.1/dashboard"
    }

    /// The `dashboard_url` provisions answer with from now on.
    func answerDashboard(_ url: String) {
        state.withLock { $0.dashboardURL = url }
    }

    /// What the catalog says from now on.
    func offer(name: String? = nil, plans: [(id: String, name: String)]) {
        state.withLock {
            $0.serviceName = name
            $0.plans = plans.map { ($0.id, $0.name) }
        }
    }

    var url: String { "http://127.0.0.1:\(state.withLock { $0.port })" }
    var instances: Set<String> { state.withLock { $0.instances } }
    var bindings: Set<String> { state.withLock { $0.bindings } }
    var requests: [Request] { state.withLock { $0.requests } }

    func requests(for operation: Operation) -> [Request] { requests.filter { $0.operation == operation } }

    /// Registers this broker as a new provider's; returns the broker's id and the provider's key.
    func register(on api: API) async throws -> (id: String, providerKey: String) {
        let provider = try await api.createUser()
        let registered = try await api.call(
            .post, "/provider/brokers", key: provider.key,
            json: ["name": "fake", "url": url, "username": username, "password": password])
        guard registered.status == .created, let id = registered.object["id"] as? String else {
            throw TestFailure("registration: \(registered.text)")
        }
        return (id, provider.key)
    }

    /// Provisions answer 202; `last_operation` answers `states` in turn, then `succeeded` for good.
    func provisionAsynchronously(then states: [String] = []) {
        answerAsynchronously([.provision], then: states)
    }

    /// `operations` (of provision, update, bind, deprovision) answer 202; `last_operation` answers `states` in turn,
    /// then `succeeded` for good.
    func answerAsynchronously(_ operations: Set<Operation>, then states: [String] = []) {
        state.withLock {
            $0.asynchronous = operations
            $0.operationStates = states
        }
    }

    /// The catalog's `maximum_polling_duration`, in seconds.
    func limitPolling(to seconds: Int) {
        state.withLock { $0.maximumPollingDuration = seconds }
    }

    /// The next `times` calls of `operation` answer with `fault`.
    func fail(_ operation: Operation, times: Int = 1, with fault: Fault) {
        state.withLock { $0.faults[operation, default: []] += Array(repeating: fault, count: times) }
    }

    init(planUpdateable: Bool = true) {
        self.planUpdateable = planUpdateable
    }

    static func run<T>(planUpdateable: Bool = true, _ body: (FakeBroker) async throws -> T) async throws -> T {
        let broker = FakeBroker(planUpdateable: planUpdateable)
        return try await serveOnLoopback(context: BasicRequestContext.self) { request, _ in
            try await broker.respond(to: request)
        } _: { port in
            broker.state.withLock { $0.port = port }
            return try await body(broker)
        }
    }

    private func respond(to request: Hummingbird.Request) async throws -> Response {
        let segments = request.uri.path.split(separator: "/").map(String.init)
        let operation = Self.operation(request.method, segments)
        state.withLock {
            $0.requests.append(
                Request(
                    method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                    headers: request.headers, operation: operation))
        }
        guard request.headers[.authorization] == "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        else { return Self.json(401, #"{"description": "unauthorized"}"#) }
        guard let operation else { return Self.json(404, #"{"description": "no such route"}"#) }
        let fault = state.withLock { state -> Fault? in
            guard var queued = state.faults[operation], !queued.isEmpty else { return nil }
            let fault = queued.removeFirst()
            state.faults[operation] = queued
            return fault
        }
        if case .status(let status, let body)? = fault { return Self.json(status, body) }
        let response = answer(operation, segments)
        // A hang does the work first and then never answers in time: what the platform can't know exists.
        if case .hang(let duration)? = fault { try await Task.sleep(for: duration) }
        return response
    }

    private func answer(_ operation: Operation, _ segments: [String]) -> Response {
        let instance = segments.count > 2 ? segments[2] : ""
        let binding = segments.count > 4 ? segments[4] : ""
        switch operation {
        case .catalog:
            let (name, plans, limit) = state.withLock {
                ($0.serviceName ?? slug, $0.plans, $0.maximumPollingDuration)
            }
            let offered = plans.map {
                #"{"id": "\#($0.0)", "name": "\#($0.1)", "description": "A plan", "free": true}"#
            }
            return Self.json(
                200,
                """
                {"services": [{"id": "\(Self.serviceID)", "name": "\(name)", "description": "A fake",
                  "bindable": true, "plan_updateable": \(planUpdateable),
                  "maximum_polling_duration": \(limit.map(String.init) ?? "null"),
                  "plans": [\(offered.joined(separator: ","))]}]}
                """)
        case .provision:
            let (asynchronous, dashboard) = state.withLock {
                _ = $0.instances.insert(instance)
                return ($0.asynchronous, $0.dashboardURL)
            }
            if asynchronous.contains(.provision) { return Self.json(202, #"{"operation": "op-\#(instance)"}"#) }
            return Self.json(201, #"{"dashboard_url": "\#(dashboard)"}"#)
        case .lastOperation:
            let answer = state.withLock { state -> String in
                guard !state.operationStates.isEmpty else { return "succeeded" }
                return state.operationStates.removeFirst()
            }
            var response = Self.json(200, #"{"state": "\#(answer)", "description": "the broker says \#(answer)"}"#)
            response.headers[HTTPField.Name("Retry-After")!] = "0"
            return response
        case .update:
            let asynchronous = state.withLock { $0.asynchronous.contains(.update) }
            return Self.json(asynchronous ? 202 : 200, asynchronous ? #"{"operation": "update"}"# : "{}")
        case .bind:
            let asynchronous = state.withLock {
                _ = $0.bindings.insert(binding)
                return $0.asynchronous.contains(.bind)
            }
            if asynchronous { return Self.json(202, #"{"operation": "bind-\#(binding)"}"#) }
            return Self.json(201, #"{"credentials": {"uri": "fake://\#(binding)"}}"#)
        case .fetchBinding:
            let known = state.withLock { $0.bindings.contains(binding) }
            guard known else { return Self.json(404, "{}") }
            return Self.json(200, #"{"credentials": {"uri": "fake://\#(binding)"}}"#)
        case .unbind:
            let removed = state.withLock { $0.bindings.remove(binding) != nil }
            return Self.json(removed ? 200 : 410, "{}")
        case .deprovision:
            let (removed, asynchronous) = state.withLock {
                ($0.instances.remove(instance) != nil, $0.asynchronous.contains(.deprovision))
            }
            if removed, asynchronous { return Self.json(202, #"{"operation": "delete"}"#) }
            return Self.json(removed ? 200 : 410, "{}")
        }
    }

    private static func operation(_ method: HTTPRequest.Method, _ segments: [String]) -> Operation? {
        switch (method, segments.count) {
        case (.get, 2) where segments == ["v2", "catalog"]: .catalog
        case (.get, 4) where segments[3] == "last_operation": .lastOperation
        case (.get, 6) where segments[5] == "last_operation": .lastOperation
        case (.get, 5): .fetchBinding
        case (.put, 3): .provision
        case (.patch, 3): .update
        case (.delete, 3): .deprovision
        case (.put, 5): .bind
        case (.delete, 5): .unbind
        default: nil
        }
    }

    private static func json(_ status: Int, _ body: String) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
