import Foundation

/// A piece of work on a provider, recorded before the call and finished after it, so that a crash
/// at any instant leaves something a worker can resume.
public struct Job: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case provision
        case changePlan = "change_plan"
        case deprovision
        case expireProvisioning = "expire_provisioning"
    }

    public var id: UUID
    public var kind: Kind
    public var addonID: UUID
    public var payload: [String: String]
    /// How many times it has been started, this time included.
    public var attempts: Int

    public init(id: UUID, kind: Kind, addonID: UUID, payload: [String: String], attempts: Int) {
        self.id = id
        self.kind = kind
        self.addonID = addonID
        self.payload = payload
        self.attempts = attempts
    }
}
