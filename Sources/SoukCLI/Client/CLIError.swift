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
            let message = Self.providerHeadline(body).map { Self.joining($0, body) } ?? body.message
            guard let errors = body.errors, !errors.isEmpty else { return message }
            return ([message] + errors.map { "  \($0.description)" }).joined(separator: "\n")
        case .message(let message):
            return message
        }
    }

    /// The platform's error id (`confirmation_required`, `not_found`…), if it answered one.
    public var id: String? {
        if case .api(_, let body) = self { return body.id }
        return nil
    }

    /// What happened between the platform and an add-on provider, by the error's id: an HTTP error (with the
    /// provider's status when it sent one), no connection, or no answer in time. Nil for other errors.
    static func providerHeadline(_ body: APIErrorBody) -> String? {
        switch body.id {
        case "provider_error":
            "The add-on provider failed" + (body.providerStatus.map { " (HTTP \($0))" } ?? "")
        case "provider_unavailable": "The add-on provider could not be reached"
        case "provider_timeout": "The add-on provider did not answer in time"
        default: nil
        }
    }

    /// `headline: message`, or the message alone when it already tells the same story in its own words (the
    /// platform's messages start with "The add-on provider …"), then the provider's status if still untold.
    static func joining(_ headline: String, _ body: APIErrorBody) -> String {
        let message = body.message
        guard message.hasPrefix("The add-on provider") else {
            return message.isEmpty ? headline + "." : "\(headline): \(message)"
        }
        guard let status = body.providerStatus, !message.contains("HTTP \(status)") else { return message }
        return message + " (HTTP \(status))"
    }
}
