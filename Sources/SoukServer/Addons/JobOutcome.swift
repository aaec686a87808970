import SoukCore
import SoukStore

/// How a job ended, for the request that ran it inline (the runner only logs it).
public enum JobOutcome: Sendable {
    /// The add-on is usable (provisioned, or its plan changed).
    case done(AddonRecord?)
    /// The provider accepted and will finish later.
    case accepted(AddonRecord?)
    /// The provider said no; the message is the provider's, for the customer.
    case refused(String)
    /// The outcome is unknown; the job stays queued (or turned into orphan mitigation).
    case unknown(String)
}
