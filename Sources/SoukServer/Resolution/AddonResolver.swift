import Foundation
import Logging
import SoukCore
import SoukStore

/// Heroku's add-on resolution (`POST /actions/addons/resolve`, `POST /actions/addon-attachments/resolve`),
/// which the Heroku CLI runs on every add-on argument before it acts on it.
struct AddonResolver: Sendable {
    let repository: ResolutionRepository

    /// The add-ons `identifier` names that `viewer` may see, the exact match first.
    func addons(
        _ identifier: String, app: String?, service: String?, viewer: Account, logger: Logger
    ) async throws -> Resolution<Addon> {
        let (parsed, app, service) = try Self.arguments(identifier, field: "addon", app: app, service: service)
        return try await repository.addons(parsed, app: app, service: service, viewer: viewer.id, logger: logger)
    }

    /// The attachments `identifier` names that `viewer` may see, the exact match first.
    func attachments(
        _ identifier: String, app: String?, service: String?, viewer: Account, logger: Logger
    ) async throws -> Resolution<Attachment> {
        let (parsed, app, service) = try Self.arguments(
            identifier, field: "addon_attachment", app: app, service: service
        )
        return try await repository.attachments(parsed, app: app, service: service, viewer: viewer.id, logger: logger)
    }

    /// The Heroku CLI sends `"app": null` and leaves `addon_service` out; empty strings count as absent too.
    static func arguments(
        _ identifier: String, field: String, app: String?, service: String?
    ) throws -> (ResolutionIdentifier, AppIdentifier?, String?) {
        let trimmed = identifier.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw SoukError.invalidParams("\(field) can't be blank.") }
        let app = app.flatMap { $0.isEmpty ? nil : AppIdentifier($0) }
        let service = service.flatMap { $0.isEmpty ? nil : $0 }
        return (ResolutionIdentifier(trimmed), app, service)
    }
}
