import Foundation
import HTTPTypes

extension API {
    /// A resolve action exactly as the Heroku CLI's `addons` commands send it (heroku-cli-addons
    /// `lib/resolve.js`): Bearer token, the `3.actions` variant with its expansion or inclusion header,
    /// `"app": null` when no app is given, and `addon_service` left out unless given.
    func herokuCLIResolve(
        _ kind: ResolveKind, _ identifier: String, app: String?, service: String? = nil, key: String
    ) async throws -> Response {
        var body: [String: Any] = [kind.field: identifier, "app": app.map { $0 as Any } ?? NSNull()]
        if let service { body["addon_service"] = service }
        var headers: HTTPFields = [.accept: "application/vnd.heroku+json; version=3.actions"]
        headers[kind.extraHeader.name] = kind.extraHeader.value
        return try await call(
            .post, kind.path, key: key, bytes: Array(try JSONSerialization.data(withJSONObject: body)), headers: headers
        )
    }

    /// The same action as heroku/platform-api (`PlatformAPI.connect(key).addon.resolution(body)`) sends it:
    /// Basic with the key as password, `Accept: application/vnd.heroku+json; version=3`, the body as given.
    func platformAPIResolve(_ kind: ResolveKind, body: [String: Any], key: String) async throws -> Response {
        let headers: HTTPFields = [
            .authorization: "Basic " + Data(":\(key)".utf8).base64EncodedString(),
            .accept: "application/vnd.heroku+json; version=3",
            .userAgent: "platform-api/3.8.0",
        ]
        return try await call(
            .post, kind.path, key: nil, bytes: Array(try JSONSerialization.data(withJSONObject: body)), headers: headers
        )
    }
}

enum ResolveKind {
    case addon
    case attachment

    var path: String { self == .addon ? "/actions/addons/resolve" : "/actions/addon-attachments/resolve" }
    var field: String { self == .addon ? "addon" : "addon_attachment" }

    var extraHeader: (name: HTTPField.Name, value: String) {
        self == .addon
            ? (HTTPField.Name("Accept-Expansion")!, "addon_service,plan")
            : (HTTPField.Name("Accept-Inclusion")!, "addon:plan,config_vars")
    }
}
