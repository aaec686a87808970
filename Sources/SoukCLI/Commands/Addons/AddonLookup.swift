import Foundation
import SoukCore

/// Finds an add-on as the Heroku CLI does: by id or name, or, within an app, by an attachment's name
/// (`souk addons:open PRIMARY_DB -a ada-blog`).
enum AddonLookup {
    static func addon(_ identifier: String, app: String?, client: APIClient) async throws -> Addon {
        guard let app else { return try await client.get("/addons/\(segment(identifier))") }
        do {
            return try await client.get("/apps/\(segment(app))/addons/\(segment(identifier))")
        } catch let error as CLIError where error.id == "not_found" {
            let attachment = try? await client.get(
                "/apps/\(segment(app))/addon-attachments/\(segment(identifier))", as: Attachment.self
            )
            guard let attachment else { throw error }
            return try await client.get("/apps/\(segment(app))/addons/\(attachment.addon.id.lowercasedString)")
        }
    }
}
