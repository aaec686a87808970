/// Whether a line charges for time on a plan or for metered usage.
public enum ChargeKind: String, Sendable, Hashable, Codable {
    case plan
    case usage
}
