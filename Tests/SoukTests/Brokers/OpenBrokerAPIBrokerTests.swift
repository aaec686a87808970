import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import SoukCore
import Testing

/// The peer the Open Service Broker tests talk to is a real broker: openbrokerapi (PyPI), unmodified, run
/// by `scripts/lib/osb-broker.py`. These pin what it really answers (PROTOCOLS §7, and §8 "OSB brokers"),
/// so a test that fails against it fails because of Souk, not because of a fake's guess.
@Suite("openbrokerapi answers as a real Open Service Broker")
struct OpenBrokerAPIBrokerTests {
    typealias Broker = OpenBrokerAPIBroker

    struct Answer {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders
        var json: JSONValue?
    }

    /// One call to the broker: Basic auth with its credentials unless `authorization` says otherwise,
    /// `X-Broker-API-Version: 2.17` unless `version` is nil, and `body` as `application/json`.
    static func call(
        _ broker: Broker, _ method: HTTPMethod, _ path: String, body: JSONValue? = nil,
        version: String? = "2.17", authorization: String? = nil
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: broker.url + path)
        request.method = method
        request.headers.add(name: "Authorization", value: authorization ?? broker.authorization)
        if let version { request.headers.add(name: "X-Broker-API-Version", value: version) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(body)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let data = try await response.body.collect(upTo: 1 << 20)
        return Answer(
            status: response.status, headers: response.headers,
            json: try? JSONDecoder().decode(JSONValue.self, from: data))
    }

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    @Test("The catalog lists both services, their plans and the large plan's cost")
    func catalog() async throws {
        try await Broker.withBroker { broker in
            let answer = try await Self.call(broker, .GET, "/v2/catalog")
            #expect(answer.status == .ok)
            guard case .array(let services) = answer.json?["services"] else {
                Issue.record("no services in \(String(describing: answer.json))")
                return
            }
            #expect(services.compactMap { $0["name"]?.stringValue }.sorted() == ["souk-test-db", "souk-test-queue"])
            let database = try #require(services.first { $0["id"]?.stringValue == Broker.databaseServiceID })
            #expect(database["bindable"] == .bool(true))
            #expect(database["plan_updateable"] == .bool(true))
            guard case .array(let plans) = database["plans"] else {
                Issue.record("no plans in \(database)")
                return
            }
            #expect(plans.compactMap { $0["id"]?.stringValue } == [Broker.smallPlanID, Broker.largePlanID])
            #expect(plans.compactMap { $0["name"]?.stringValue } == ["small", "large"])
            #expect(plans.map { $0["free"] } == [.bool(true), .bool(false)])
            #expect(
                plans.last?["metadata"]?["costs"]
                    == .array([.object(["amount": .object(["usd": .number(25)]), "unit": .string("MONTHLY")])]))
            let queue = try #require(services.first { $0["id"]?.stringValue == Broker.queueServiceID })
            #expect(queue["bindable"] == .bool(false))
            guard case .array(let queuePlans) = queue["plans"] else {
                Issue.record("no plans in \(queue)")
                return
            }
            #expect(queuePlans.map { $0["id"]?.stringValue } == [Broker.basicPlanID])
            #expect(queuePlans.map { $0["free"] } == [.bool(true)])
        }
    }

    @Test("Without X-Broker-API-Version it answers 400; below 2.13, 412")
    func versionHeader() async throws {
        try await Broker.withBroker { broker in
            let missing = try await Self.call(broker, .GET, "/v2/catalog", version: nil)
            #expect(missing.status == .badRequest)
            #expect(missing.json?["description"]?.stringValue == "No X-Broker-Api-Version found.")
            // The version is checked before the credentials.
            let missingUnauthorized = try await Self.call(
                broker, .GET, "/v2/catalog", version: nil, authorization: Self.basic(broker.username, "wrong"))
            #expect(missingUnauthorized.status == .badRequest)
            let old = try await Self.call(broker, .GET, "/v2/catalog", version: "2.12")
            #expect(old.status == .preconditionFailed)
            #expect(old.json?["description"]?.stringValue == "Service broker requires version 2.13+.")
        }
    }

    @Test("A wrong password, a wrong user or no credentials: 401 with a Basic challenge")
    func wrongCredentials() async throws {
        try await Broker.withBroker { broker in
            for authorization in [
                Self.basic(broker.username, broker.password + "x"), Self.basic(broker.username + "x", broker.password),
                "Bearer \(broker.password)",
            ] {
                let answer = try await Self.call(broker, .GET, "/v2/catalog", authorization: authorization)
                #expect(answer.status == .unauthorized)
                #expect(answer.headers["WWW-Authenticate"].first?.hasPrefix("Basic") == true)
                #expect(answer.json?["description"]?.stringValue?.isEmpty == false)
            }
        }
    }

    @Test("Provision, update, bind, unbind and deprovision, synchronously, as the broker records them")
    func lifecycle() async throws {
        try await Broker.withBroker { broker in
            let instance = UUID().uuidString.lowercased()
            let binding = UUID().uuidString.lowercased()
            let app = UUID().uuidString.lowercased()
            let provision: JSONValue = .object([
                "service_id": .string(Broker.databaseServiceID), "plan_id": .string(Broker.smallPlanID),
                "organization_guid": .string("org-1"), "space_guid": .string("space-1"),
                "context": .object(["platform": .string("souk")]), "parameters": .object(["size": .number(3)]),
            ])
            let created = try await Self.call(broker, .PUT, "/v2/service_instances/\(instance)", body: provision)
            #expect(created.status == .created)
            #expect(created.json?["dashboard_url"]?.stringValue == "\(broker.url)/dashboard/\(instance)")
            // The same again is identical: 200. Other attributes for the same id: 409.
            let again = try await Self.call(broker, .PUT, "/v2/service_instances/\(instance)", body: provision)
            #expect(again.status == .ok)
            var other = provision.objectValue ?? [:]
            other["plan_id"] = .string(Broker.largePlanID)
            let conflict = try await Self.call(
                broker, .PUT, "/v2/service_instances/\(instance)", body: .object(other))
            #expect(conflict.status == .conflict)
            // openbrokerapi refuses a provision without organization and space.
            let bare = try await Self.call(
                broker, .PUT, "/v2/service_instances/\(UUID().uuidString.lowercased())",
                body: .object([
                    "service_id": .string(Broker.databaseServiceID), "plan_id": .string(Broker.smallPlanID),
                ]))
            #expect(bare.status == .badRequest)

            var state = try await broker.instances()
            #expect(state["instances"]?[instance]?["plan_id"]?.stringValue == Broker.smallPlanID)
            #expect(state["instances"]?[instance]?["organization_guid"]?.stringValue == "org-1")
            #expect(state["instances"]?[instance]?["parameters"] == .object(["size": .number(3)]))
            #expect(state["instances"]?[instance]?["context"] == .object(["platform": .string("souk")]))

            let updated = try await Self.call(
                broker, .PATCH, "/v2/service_instances/\(instance)",
                body: .object([
                    "service_id": .string(Broker.databaseServiceID), "plan_id": .string(Broker.largePlanID),
                    "previous_values": .object(["plan_id": .string(Broker.smallPlanID)]),
                ]))
            #expect(updated.status == .ok)
            state = try await broker.instances()
            #expect(state["instances"]?[instance]?["plan_id"]?.stringValue == Broker.largePlanID)

            let bound = try await Self.call(
                broker, .PUT, "/v2/service_instances/\(instance)/service_bindings/\(binding)",
                body: .object([
                    "service_id": .string(Broker.databaseServiceID), "plan_id": .string(Broker.largePlanID),
                    "bind_resource": .object(["app_guid": .string(app)]),
                ]))
            #expect(bound.status == .created)
            let credentials = try #require(bound.json?["credentials"])
            #expect(credentials["uri"]?.stringValue == "postgres://u:p@db.test:5432/\(instance)")
            #expect(credentials["username"]?.stringValue == "u-\(binding.prefix(8))")
            #expect(credentials["password"]?.stringValue?.hasPrefix("p-") == true)
            #expect(credentials["port"] == .number(5432))
            state = try await broker.instances()
            #expect(state["bindings"]?[binding]?["instance_id"]?.stringValue == instance)
            #expect(state["bindings"]?[binding]?["app_guid"]?.stringValue == app)

            let ids = "service_id=\(Broker.databaseServiceID)&plan_id=\(Broker.largePlanID)"
            // Without service_id and plan_id openbrokerapi refuses a DELETE.
            let noIDs = try await Self.call(broker, .DELETE, "/v2/service_instances/\(instance)")
            #expect(noIDs.status == .badRequest)
            let unbound = try await Self.call(
                broker, .DELETE, "/v2/service_instances/\(instance)/service_bindings/\(binding)?\(ids)")
            #expect(unbound.status == .ok)
            #expect(unbound.json == .object([:]))
            let unboundAgain = try await Self.call(
                broker, .DELETE, "/v2/service_instances/\(instance)/service_bindings/\(binding)?\(ids)")
            #expect(unboundAgain.status == .gone)

            let deprovisioned = try await Self.call(broker, .DELETE, "/v2/service_instances/\(instance)?\(ids)")
            #expect(deprovisioned.status == .ok)
            #expect(deprovisioned.json == .object([:]))
            let gone = try await Self.call(broker, .DELETE, "/v2/service_instances/\(instance)?\(ids)")
            #expect(gone.status == .gone)
            state = try await broker.instances()
            #expect(state["instances"] == .object([:]))
            #expect(state["bindings"] == .object([:]))
        }
    }

    @Test("A body not labelled application/json is refused with 400")
    func contentType() async throws {
        try await Broker.withBroker { broker in
            var request = HTTPClientRequest(url: "\(broker.url)/v2/service_instances/\(UUID().uuidString)")
            request.method = .PUT
            request.headers.add(name: "Authorization", value: broker.authorization)
            request.headers.add(name: "X-Broker-API-Version", value: "2.17")
            request.headers.add(name: "Content-Type", value: "text/plain")
            request.body = .bytes(
                ByteBuffer(
                    string: #"{"service_id":"\#(Broker.queueServiceID)","plan_id":"\#(Broker.basicPlanID)","#
                        + #""organization_guid":"o","space_guid":"s"}"#))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            #expect(response.status == .badRequest)
            #expect(try await broker.instances()["instances"] == .object([:]))
        }
    }
}
