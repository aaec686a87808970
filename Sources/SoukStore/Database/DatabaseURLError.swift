/// Why a `DATABASE_URL` was rejected. No case carries the password, nor the URL it came from, so the
/// error can be logged or printed as is.
public enum DatabaseURLError: Error, Equatable, CustomStringConvertible {
    /// The URL doesn't start with `postgres://` or `postgresql://`.
    case unsupportedScheme
    case missingUser
    case missingHost
    case invalidHost(String)
    case invalidPort
    /// A `%` escape that isn't two hex digits or doesn't decode to UTF-8; names the URL part, never its value.
    case invalidPercentEncoding(part: String)
    case invalidSSLMode(String)
    case invalidParameterValue(name: String, value: String)
    case unsupportedParameter(String)

    public var description: String {
        switch self {
        case .unsupportedScheme:
            "The database URL must start with postgres:// or postgresql://"
        case .missingUser:
            "The database URL has no user name (postgres://user:password@host:port/database)"
        case .missingHost:
            "The database URL has no host; give one, or a socket directory as ?host=/path"
        case .invalidHost(let host):
            "The database URL's host \"\(host)\" is not a host name, an IPv4 address or a bracketed IPv6 address"
        case .invalidPort:
            "The database URL's port is not a number from 1 to 65535"
        case .invalidPercentEncoding(let part):
            "The database URL's \(part) has an invalid percent escape"
        case .invalidSSLMode(let mode):
            "The database URL's sslmode \"\(mode)\" is not one of disable, allow, prefer, require, verify-ca, "
                + "verify-full"
        case .invalidParameterValue(let name, let value):
            "The database URL's parameter \(name) has an invalid value \"\(value)\""
        case .unsupportedParameter(let name):
            "The database URL's parameter \(name) is not supported"
        }
    }
}
