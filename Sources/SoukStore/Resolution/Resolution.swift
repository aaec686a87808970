/// What a resolve action found: nothing, because the app it was scoped to is unknown or hidden from the
/// caller, or the matches (possibly none), the exact ones first.
public enum Resolution<Match: Sendable>: Sendable {
    case appNotFound
    case matches([Match])
}
