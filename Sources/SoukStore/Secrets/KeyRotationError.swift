/// Why a rotation stopped. It names the row, never a value.
public enum KeyRotationError: Error, CustomStringConvertible {
    case unopenable(column: String, key: [String], reason: String)

    public var description: String {
        switch self {
        case .unopenable(let column, let key, let reason):
            "\(column) of the row (\(key.joined(separator: ", "))) doesn't open with SOUK_ENCRYPTION_KEY or "
                + "SOUK_PREVIOUS_ENCRYPTION_KEYS: \(reason). Nothing after it was re-sealed; add the key that "
                + "sealed it to SOUK_PREVIOUS_ENCRYPTION_KEYS and run again."
        }
    }
}
