import Foundation
import HTTPTypes
import Synchronization

/// A browser, as far as the dashboard can tell: it keeps the cookies the server sets, sends them back, and
/// posts forms with the CSRF token of the last page it loaded. No JavaScript, no redirects followed.
final class Browser: Sendable {
    let api: API
    private let state = Mutex<(cookies: [String: String], token: String?)>(([:], nil))

    init(_ api: API) {
        self.api = api
    }

    var cookies: [String: String] { state.withLock { $0.cookies } }

    /// The CSRF token of the last page that had a form.
    var token: String? { state.withLock { $0.token } }

    func cookie(_ name: String) -> String? { cookies[name] }

    func setCookie(_ name: String, _ value: String?) {
        state.withLock { $0.cookies[name] = value }
    }

    func get(_ path: String) async throws -> API.Response {
        try await send(.get, path, body: nil)
    }

    /// Posts the fields, with the last page's CSRF token unless `token` says otherwise (`.some(nil)`: none).
    func post(_ path: String, _ fields: [String: String] = [:], token: String?? = .none) async throws -> API.Response {
        var fields = fields
        if let chosen = token ?? self.token { fields["csrf_token"] = chosen }
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await send(.post, path, body: body)
    }

    /// Loads the page, then posts the fields with its token: what a person does with a form.
    func submit(on page: String, to action: String, _ fields: [String: String]) async throws -> API.Response {
        _ = try await get(page)
        return try await post(action, fields)
    }

    private func send(_ method: HTTPRequest.Method, _ path: String, body: String?) async throws -> API.Response {
        var headers: HTTPFields = [.accept: "text/html"]
        let jar = cookies.filter { !$0.value.isEmpty }
        if !jar.isEmpty {
            headers[.cookie] = jar.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")
        }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let response = try await api.call(method, path, key: nil, body: body, headers: headers)
        state.withLock { state in
            for header in response.headers[values: .setCookie] {
                let pair = header.split(separator: ";", maxSplits: 1)[0]
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let value = parts.count > 1 ? String(parts[1]) : ""
                state.cookies[String(parts[0])] = header.contains("Max-Age=0") ? nil : value
            }
            if let token = Self.formToken(response.text) { state.token = token }
        }
        return response
    }

    static func formToken(_ html: String) -> String? {
        guard let range = html.range(of: #"name="csrf_token" value="([^"]*)""#, options: .regularExpression) else {
            return nil
        }
        return html[range].split(separator: "\"")[3].description
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

extension API.Response {
    var location: String? { headers[.location] }

    /// The `Set-Cookie` header that sets `name`.
    func setCookie(_ name: String) -> String? {
        headers[values: .setCookie].first { $0.hasPrefix("\(name)=") }
    }
}
