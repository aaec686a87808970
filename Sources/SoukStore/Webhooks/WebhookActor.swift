import Foundation
import Logging
import PostgresNIO
import SoukCore

/// Who is acting in a transaction, for the webhook events its changes write: the triggers of migration 0016
/// read `souk.actor`, which lives until the transaction ends.
enum WebhookActor {
    static func stamp(_ actor: UUID?, on connection: DatabaseConnection, logger: Logger) async throws {
        guard let actor else { return }
        try await connection.query(
            "SELECT set_config('souk.actor', \(actor.lowercasedString), true)", logger: logger)
    }
}
