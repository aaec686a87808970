import Foundation

/// A broker's asynchronous operation on an instance (its 202), polled through `GET …/last_operation`.
public struct BrokerPoll: Sendable, Equatable, Codable {
    /// What the operation does, and so what its success finishes.
    public enum Purpose: Sendable, Equatable, Codable {
        case provision
        /// Moving to the plan with Souk's id `planID`; `actor` asked for it.
        case changePlan(planID: UUID, actor: UUID?)
        case deprovision
        /// A binding made asynchronously: the billing app's while provisioning (`nil`), or another app's.
        case bind(BrokerBinding?)
    }

    /// The operation the broker named in its 202, sent back as `operation` when polling.
    public var operation: String?
    public var purpose: Purpose
    /// When Souk stops asking (`maximum_polling_duration`, else the provisioning timeout).
    public var deadline: Date?

    public init(operation: String?, purpose: Purpose = .provision, deadline: Date? = nil) {
        self.operation = operation
        self.purpose = purpose
        self.deadline = deadline
    }

    enum CodingKeys: String, CodingKey {
        case operation
        case purpose
        case deadline
    }

    /// Polls recorded before there were other purposes hold only `operation`: they provision.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        operation = try container.decodeIfPresent(String.self, forKey: .operation)
        purpose = try container.decodeIfPresent(Purpose.self, forKey: .purpose) ?? .provision
        deadline = try container.decodeIfPresent(Date.self, forKey: .deadline)
    }
}
