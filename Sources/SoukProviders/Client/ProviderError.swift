import Foundation

/// Why a provider call did not succeed. Only the first three tell Souk what the provider did; after any other
/// the outcome is unknown and the caller must assume a resource may exist (orphan mitigation).
public enum ProviderError: Error, Sendable, Equatable {
    /// A 4xx other than 401 and 410: the provider said no. `message` is fit to show the customer.
    case refused(status: Int, message: String)
    /// 401: the provider rejected Souk's credentials.
    case unauthorized
    /// 410 on provision or plan change: this uuid was deprovisioned.
    case gone
    /// A 5xx, a redirect or any other status Souk does not accept; `message` only when the body had a clean one.
    case failed(status: Int, message: String?)
    /// No complete answer within the request timeout.
    case timedOut
    /// No connection: refused, reset, closed early, or the name did not resolve.
    case unreachable(String)
    /// An answer Souk cannot use: not JSON, no id, an id too long, a body over the cap.
    case invalidResponse(String)
    /// The URL is not one Souk may call: not http(s), or it reaches a non-public address. Nothing was sent.
    case forbiddenAddress(String)

    public var isDefinitive: Bool {
        switch self {
        case .refused, .unauthorized, .gone: true
        case .failed, .timedOut, .unreachable, .invalidResponse, .forbiddenAddress: false
        }
    }

    /// A sentence for the customer. Provider text appears only for refusals, already cleaned of HTML.
    public var customerMessage: String {
        switch self {
        case .refused(_, let message):
            message
        case .unauthorized:
            "The add-on provider rejected the platform's credentials."
        case .gone:
            "The add-on provider reports that this add-on was already removed."
        case .failed(let status, _) where (300..<400).contains(status):
            "The add-on provider answered with a redirect (HTTP \(status)), which is not followed."
        case .failed(let status, let message?):
            "The add-on provider failed to handle the request (HTTP \(status)): \(message)"
        case .failed(let status, nil):
            "The add-on provider failed to handle the request (HTTP \(status))."
        case .timedOut:
            "The add-on provider did not answer in time."
        case .unreachable:
            "The add-on provider could not be reached."
        case .invalidResponse:
            "The add-on provider sent an answer that could not be understood."
        case .forbiddenAddress:
            "The add-on provider's URL points at an address the platform may not call."
        }
    }

    /// The detail for operators, recorded in `ProviderCall.error`.
    var detail: String {
        switch self {
        case .refused(let status, let message): "refused (HTTP \(status)): \(message)"
        case .unauthorized: "unauthorized (HTTP 401)"
        case .gone: "gone (HTTP 410)"
        case .failed(let status, let message): "failed (HTTP \(status))" + (message.map { ": \($0)" } ?? "")
        case .timedOut: "timed out"
        case .unreachable(let reason): "unreachable: \(reason)"
        case .invalidResponse(let reason): "invalid response: \(reason)"
        case .forbiddenAddress(let reason): "forbidden address: \(reason)"
        }
    }

    /// The same error with `secret` blanked out of every text, in case a provider or a library echoes it.
    func redacting(_ secret: String) -> ProviderError {
        guard !secret.isEmpty else { return self }
        func clean(_ text: String) -> String { text.replacingOccurrences(of: secret, with: "[redacted]") }
        switch self {
        case .refused(let status, let message): return .refused(status: status, message: clean(message))
        case .failed(let status, let message): return .failed(status: status, message: message.map(clean))
        case .unreachable(let reason): return .unreachable(clean(reason))
        case .invalidResponse(let reason): return .invalidResponse(clean(reason))
        case .forbiddenAddress(let reason): return .forbiddenAddress(clean(reason))
        case .unauthorized, .gone, .timedOut: return self
        }
    }
}
