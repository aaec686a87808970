/// How a removal landed; every case means Souk may stop retrying the `DELETE`.
public enum DeprovisionResult: Sendable, Equatable {
    /// Any 2xx but 202.
    case removed
    /// 404 or 410: a previous attempt landed, or the provider never had it.
    case alreadyGone
    /// 202: the provider finishes later and may confirm through the partner API.
    case accepted
    /// 202 from a broker: it finishes later, and Souk polls `last_operation` (with `operation`) until it has.
    case inProgress(operation: String?)
}
