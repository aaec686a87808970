import SoukCore
import SoukProviders
import SoukStore

/// How a job ended, for the request that ran it inline (the runner only logs it).
enum JobOutcome: Sendable {
    /// The add-on is usable (provisioned, or its plan changed).
    case done(AddonRecord?)
    /// The provider accepted and will finish later.
    case accepted(AddonRecord?)
    /// The request can't be carried out (the provider said no, or the add-on is gone); for the customer.
    case refused(String)
    /// The provider failed in a way that leaves nothing to clean up (it rejected Souk's credentials, or a
    /// plan change was given up); nothing changed.
    case failed(ProviderFailure)
    /// The outcome is unknown; the job stays queued (or turned into orphan mitigation).
    case unknown(ProviderFailure)

    /// The outcome of a job that ends with `failure`, whatever kind it is.
    static func ended(with failure: ProviderFailure) -> JobOutcome {
        switch failure.error {
        case .refused, .gone: .refused(failure.error.customerMessage)
        default: .failed(failure)
        }
    }
}
