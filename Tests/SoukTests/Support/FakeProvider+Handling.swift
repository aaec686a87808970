import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SoukCore
import Synchronization

extension FakeProvider {
    func respond(to request: Request, context: FakeProviderContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 4 << 20)
        let json = try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))
        let (operation, resourceID) = route(request.method, request.uri.path)
        let recorded = RecordedRequest(
            method: request.method.rawValue,
            path: request.uri.path,
            headers: request.headers,
            body: String(buffer: body),
            json: json,
            operation: operation,
            resourceID: resourceID
        )
        state.withLock { $0.requests.append(recorded) }

        guard let operation else { return Answer.message(404, "Not found").response() }
        guard isAuthorized(request.headers[.authorization]) else {
            return Answer.message(401, "Unauthorized").response()
        }
        let behaviours = takeBehaviours(for: operation)
        for case .reply(let status, let text, let contentType) in behaviours {
            return Answer(status: status, text: text, contentType: contentType).response()
        }
        var answer =
            switch operation {
            case .provision: provision(json)
            case .changePlan: changePlan(id: resourceID ?? "", json)
            case .deprovision: deprovision(id: resourceID ?? "")
            }
        for behaviour in behaviours {
            switch behaviour {
            case .hang(let duration):
                try await Task.sleep(for: duration)
            case .closeConnection:
                context.channel.close(promise: nil)
                return answer.response()  // goes nowhere
            default:
                answer.apply(behaviour)
            }
        }
        return answer.response()
    }

    private func route(_ method: HTTPRequest.Method, _ path: String) -> (Operation?, String?) {
        if path == basePath { return (method == .post ? .provision : nil, nil) }
        guard path.hasPrefix(basePath + "/") else { return (nil, nil) }
        let segment = path.dropFirst(basePath.count + 1)
        guard !segment.contains("/"), let id = segment.removingPercentEncoding else { return (nil, nil) }
        switch method {
        case .put: return (.changePlan, id)
        case .delete: return (.deprovision, id)
        default: return (nil, id)
        }
    }

    /// User and password compared separately, unlike providers that check only the password.
    private func isAuthorized(_ header: String?) -> Bool {
        guard let header, header.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6))),
            let credentials = String(data: decoded, encoding: .utf8),
            let colon = credentials.firstIndex(of: ":")
        else { return false }
        let userMatches = credentials[..<colon] == username
        let passwordMatches = credentials[credentials.index(after: colon)...] == password
        return userMatches && passwordMatches
    }

    private func provision(_ json: JSONValue?) -> Answer {
        let keyField = flavour == .heroku ? "uuid" : "app_id"
        guard let key = json?[keyField]?.stringValue, let plan = json?["plan"]?.stringValue else {
            return Answer.message(422, "\(keyField) and plan are required")
        }
        return state.withLock { state in
            if state.removedKeys.contains(key) {
                return Answer.message(410, "This add-on was deprovisioned")
            }
            // a repeated provision replays the first answer
            let resource =
                state.resources[key]
                ?? {
                    state.issued += 1
                    let id = "\(flavour.rawValue)-resource-\(state.issued)"
                    return Resource(id: id, key: key, plan: plan, config: config(id: id, plan: plan))
                }()
            state.resources[key] = resource
            return Answer(
                status: 201,
                object: [
                    "id": .string(resource.id), "config": .object(resource.config), "message": .string("Ready to use"),
                ]
            )
        }
    }

    private func changePlan(id: String, _ json: JSONValue?) -> Answer {
        guard let plan = json?["plan"]?.stringValue else {
            return Answer.message(422, "plan is required")
        }
        return state.withLock { state in
            guard var resource = state.resources.values.first(where: { $0.id == id }) else {
                return state.removedIDs.contains(id)
                    ? Answer.message(410, "Gone")
                    : Answer.message(404, "Unknown resource")
            }
            resource.plan = plan
            resource.config = config(id: id, plan: plan)
            state.resources[resource.key] = resource
            return Answer(
                status: 200, object: ["config": .object(resource.config), "message": .string("Now on \(plan)")])
        }
    }

    private func deprovision(id: String) -> Answer {
        state.withLock { state in
            guard let resource = state.resources.values.first(where: { $0.id == id }) else {
                return state.removedIDs.contains(id)
                    ? Answer.message(410, "Gone")
                    : Answer.message(404, "Unknown resource")
            }
            state.resources[resource.key] = nil
            state.removedKeys.insert(resource.key)
            state.removedIDs.insert(id)
            return Answer(status: 204, object: nil, contentType: nil)
        }
    }

    private func config(id: String, plan: String) -> [String: JSONValue] {
        Dictionary(uniqueKeysWithValues: configNames.map { ($0, .string("https://\(id).fake.test/\(plan)")) })
    }
}
