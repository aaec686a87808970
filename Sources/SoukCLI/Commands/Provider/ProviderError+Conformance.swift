import SoukProviders

extension ProviderError {
    /// Why a call failed a conformance check, for the provider's developer: the status and what was wrong,
    /// or what happened to the connection. `status` is the one recorded for the call, if any arrived.
    func conformanceReason(status: Int?) -> String {
        switch self {
        case .refused(let status, let message): "it answered \(status): \(message)"
        case .unauthorized: "it answered 401: the manifest's credentials were rejected"
        case .gone: "it answered 410 (already deprovisioned)"
        case .failed(let status, _) where (300..<400).contains(status): "it answered \(status), a redirect"
        case .failed(let status, let message): "it answered \(status)" + (message.map { ": \($0)" } ?? "")
        case .timedOut: "no complete answer within \(ConformanceRun.callTimeout.components.seconds) seconds"
        case .unreachable(let reason): "could not connect: \(reason)"
        case .invalidResponse(let reason): (status.map { "it answered \($0), but " } ?? "") + reason
        case .forbiddenAddress(let reason): reason
        }
    }
}
