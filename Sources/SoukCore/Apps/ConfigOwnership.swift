import Foundation

/// Who owns the vars a config change assigns.
public enum ConfigOwnership: Sendable, Equatable {
    /// The user set them: they belong to no attachment.
    case user
    /// An add-on attachment put them there.
    case attachment(UUID)
    /// Existing vars keep their owner, new ones belong to the user (rollbacks).
    case unchanged
}
