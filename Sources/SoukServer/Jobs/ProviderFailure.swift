import SoukCore
import SoukProviders

/// A provider call that did not succeed, with the HTTP status the provider answered (when it answered),
/// so that the customer learns what happened: an HTTP error (502), no connection (503) or no answer in
/// time (504).
struct ProviderFailure: Sendable, Equatable {
    var error: ProviderError
    /// The provider's HTTP status, `nil` when no response head arrived.
    var status: Int?

    /// The customer's error, with `note` (what Souk does next) after the provider's part.
    func soukError(note: String? = nil) -> SoukError {
        let message = [error.customerMessage, note].compactMap { $0 }.joined(separator: " ")
        switch error {
        case .refused, .gone:
            return .invalidParams(message)
        case .timedOut:
            return .providerTimeout(message)
        case .unreachable:
            return .providerUnavailable(message)
        case .unauthorized:
            return .providerError(status: 401, message: message)
        case .failed(let status, _):
            return .providerError(status: status, message: message)
        case .invalidResponse, .forbiddenAddress:
            return .providerError(status: status, message: message)
        }
    }
}
