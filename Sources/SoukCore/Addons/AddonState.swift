/// Where an add-on is in its life: being created at the provider, usable, or gone.
public enum AddonState: String, Codable, Sendable {
    case provisioning
    case provisioned
    case deprovisioned
}
