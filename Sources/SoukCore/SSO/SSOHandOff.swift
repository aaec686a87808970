/// What a browser must do to sign in to a provider's dashboard: send `params` to `action` with `method`.
/// For `get`, `action` already carries the params in its query, so the browser just follows it.
public struct SSOHandOff: Codable, Sendable, Equatable {
    public enum Method: String, Codable, Sendable {
        case get
        case post
    }

    public var method: Method
    public var action: String
    public var params: [String: String]

    public init(method: Method, action: String, params: [String: String]) {
        self.method = method
        self.action = action
        self.params = params
    }

    enum CodingKeys: String, CodingKey { case method, action, params }
}
