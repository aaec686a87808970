/// Why a release was cut. Each cause owns the description the release shows, in Heroku's wording.
public enum ReleaseCause: Sendable, Equatable {
    /// A customer's own edit of the app's vars.
    case configVars(ConfigChange)
    /// An add-on attached: its vars join the app under the attachment's name.
    case attach(attachment: String, addon: String)
    /// An add-on detached or removed: its vars leave the app.
    case detach(attachment: String, addon: String)
    /// The provider changed the add-on's vars (a plan change, or its own update).
    case addonConfigUpdate(attachment: String, addon: String)
    /// The vars of an earlier release restored.
    case rollback(toVersion: Int)

    public var description: String {
        switch self {
        case .configVars(let change): change.releaseDescription
        case .attach(let attachment, let addon): "Attach \(attachment) (\(addon)) add-on"
        case .detach(let attachment, let addon): "Detach \(attachment) (\(addon)) add-on"
        case .addonConfigUpdate(let attachment, let addon): "Update \(attachment) (\(addon)) add-on config vars"
        case .rollback(let version): "Rollback to v\(version)"
        }
    }
}
