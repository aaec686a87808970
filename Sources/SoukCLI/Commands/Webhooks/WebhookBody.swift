import ArgumentParser
import Foundation
import SoukCore

/// The body of `POST` and `PATCH /apps/{app}/webhooks[/{id}]`. Fields left nil are not sent, so an update
/// changes only what was given.
struct WebhookBody: Encodable, Sendable {
    var include: [String]?
    var level: String?
    var url: String?
    var secret: String?
    var authorization: String?

    /// The event kinds of `-i api:addon,api:release`, each once, in the order given.
    static func kinds(_ list: String) throws -> [String] {
        var kinds: [String] = []
        for entry in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            guard Webhook.kinds.contains(entry) else {
                throw ValidationError(
                    "--include: \(entry) is not an event kind. Use one or more of \(knownKinds), comma-separated.")
            }
            if !kinds.contains(entry) { kinds.append(entry) }
        }
        guard !kinds.isEmpty else {
            throw ValidationError("--include needs one or more of \(knownKinds), comma-separated.")
        }
        return kinds
    }

    /// Checks `-i` and `-l` where given, before anything is sent.
    static func validate(include: String?, level: String?) throws {
        if let include { _ = try kinds(include) }
        if let level, Webhook.Level(rawValue: level) == nil {
            throw ValidationError("--level must be notify (one attempt) or sync (retried), not \(level).")
        }
    }

    private static var knownKinds: String { Webhook.kinds.joined(separator: ", ") }
}
