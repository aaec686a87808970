import Foundation

/// A piece of work on a provider, recorded before the call and finished after it, so that a crash
/// at any instant leaves something a worker can resume.
public struct Job: Sendable, Equatable {
    /// The `kind` column: which `JobWork` case a row holds.
    public enum Kind: String, Sendable, CaseIterable {
        case provision
        case changePlan = "change_plan"
        case deprovision
        case expireProvisioning = "expire_provisioning"
        case pollBroker = "poll_broker"
        case bind
        case unbind
    }

    public var id: UUID
    public var work: JobWork
    public var addonID: UUID
    /// How many times it has been started, this time included.
    public var attempts: Int

    public var kind: Kind { work.kind }
}
