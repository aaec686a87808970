import SoukCore

/// What a command reports as ` ▸ message` on stderr before exiting non-zero.
public enum CLIError: Error, CustomStringConvertible {
    /// The platform answered with an error body.
    case api(status: Int, body: APIErrorBody)
    /// Anything the command itself found wrong (bad arguments, no credentials, a failed check).
    case message(String)

    public var description: String {
        switch self {
        case .api(_, let body):
            guard let errors = body.errors, !errors.isEmpty else { return body.message }
            return ([body.message] + errors.map { "  \($0.description)" }).joined(separator: "\n")
        case .message(let message):
            return message
        }
    }

    /// The platform's error id (`confirmation_required`, `not_found`…), if it answered one.
    public var id: String? {
        if case .api(_, let body) = self { return body.id }
        return nil
    }
}
