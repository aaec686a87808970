import Foundation
import SoukCore

/// The timing of provider work.
struct JobSettings: Sendable {
    /// How long a claimed job is its worker's; longer than a provider call may take.
    var lease: Duration
    /// The first retry waits this long, each later one twice as long, up to `maximumDelay`.
    var retryBase: Duration
    var maximumDelay: Duration
    /// An add-on still provisioning after this long has failed.
    var provisioningTimeout: Duration
    /// How long an OAuth grant code sent with a provision request stays valid.
    var grantLifetime: Duration
    /// Plan changes whose outcome stays unknown are given up after this many attempts.
    var planChangeAttempts: Int
    /// How often idle workers look for due jobs, and how many run at once.
    var pollInterval: Duration
    var workers: Int

    init(
        lease: Duration = .seconds(60), retryBase: Duration = .seconds(5), maximumDelay: Duration = .seconds(3600),
        provisioningTimeout: Duration = .seconds(12 * 3600), grantLifetime: Duration = .seconds(300),
        planChangeAttempts: Int = 8, pollInterval: Duration = .seconds(1), workers: Int = 2
    ) {
        self.lease = lease
        self.retryBase = retryBase
        self.maximumDelay = maximumDelay
        self.provisioningTimeout = provisioningTimeout
        self.grantLifetime = grantLifetime
        self.planChangeAttempts = planChangeAttempts
        self.pollInterval = pollInterval
        self.workers = workers
    }

    /// Exponential backoff: base, 2×base, 4×base… capped.
    func delay(afterAttempt attempt: Int) -> Duration {
        let factor = pow(2.0, Double(max(0, min(attempt - 1, 30))))
        let seconds = min(retryBase.inSeconds * factor, maximumDelay.inSeconds)
        return .milliseconds(Int64(seconds * 1000))
    }
}
