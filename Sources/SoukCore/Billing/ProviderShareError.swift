/// Why a provider share (`SOUK_PROVIDER_SHARE`) was refused. Each case holds the text as given.
public enum ProviderShareError: Error, Equatable, CustomStringConvertible {
    case notADecimal(String)
    case outOfRange(String)
    case tooManyDecimals(String)

    public var description: String {
        switch self {
        case .notADecimal(let text):
            "The provider share \"\(text)\" is not a decimal number: write it like 0.8."
        case .outOfRange(let text):
            "The provider share \"\(text)\" is outside 0 to 1: write the provider's part of gross, like 0.8."
        case .tooManyDecimals(let text):
            "The provider share \"\(text)\" has more than 6 decimals: shares are kept in millionths."
        }
    }
}
