import Foundation

/// What a job does, with what it needs to do it: one case per kind of job. A new kind is a new case here
/// (with its parameters) and its handler in the server's `JobExecutor`; the queue stores it as it is.
public enum JobWork: Sendable, Equatable {
    /// Provision the add-on; its plan and options are on the add-on itself.
    case provision
    /// Move the add-on to another plan.
    case changePlan(PlanChange)
    /// Deprovision the add-on. `mitigate`: its provisioning ended without a provider id, so first provision
    /// again with the same uuid to learn what the provider made (orphan mitigation).
    case deprovision(mitigate: Bool)
    /// Give up on a provisioning the provider hasn't finished in time.
    case expireProvisioning
    /// Ask a broker how an asynchronous operation on the instance goes (`GET …/last_operation`), and finish
    /// what started it once done.
    case pollBroker(BrokerPoll)
    /// Bind a broker add-on to one more app: its attachment, once the broker gave that app's credentials.
    case bind(BrokerBinding)
    /// Remove a broker binding; retried until the broker acknowledges (410 included).
    case unbind(bindingID: UUID)

    /// A plan change's parameters.
    public struct PlanChange: Sendable, Equatable, Codable {
        public var planID: UUID
        /// The plan's slug, as the provider knows it.
        public var plan: String
        /// Who asked, for the release it cuts.
        public var actor: UUID?

        public init(planID: UUID, plan: String, actor: UUID?) {
            self.planID = planID
            self.plan = plan
            self.actor = actor
        }

        enum CodingKeys: String, CodingKey {
            case planID = "plan_id"
            case plan
            case actor
        }
    }

    public var kind: Job.Kind {
        switch self {
        case .provision: .provision
        case .changePlan: .changePlan
        case .deprovision: .deprovision
        case .expireProvisioning: .expireProvisioning
        case .pollBroker: .pollBroker
        case .bind: .bind
        case .unbind: .unbind
        }
    }
}
