import SoukCore
import SoukStore

/// A hand-off built for a viewer but not yet issued: its tokens exist only in Souk until
/// `SingleSignOn.issue(_:logger:)` records them as handed to the viewer.
struct PreparedHandOff: Sendable {
    var handOff: SSOHandOff
    var target: SSOTarget
    var viewer: Account
}
