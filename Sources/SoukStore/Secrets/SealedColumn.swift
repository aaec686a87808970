import Foundation

/// A column that holds sealed values, how its rows are told apart, and the context each value was sealed
/// under: what `KeyRotation` needs to re-seal it. `all` lists every one in the schema; a migration that adds a
/// sealed column adds it there.
struct SealedColumn: Sendable {
    /// A column of the table's primary key, and its PostgreSQL type.
    struct Key: Sendable {
        let name: String
        let type: String
    }

    let table: String
    let column: String
    /// The primary key, in its index's order: rows are walked by keyset on it.
    let key: [Key]
    /// The columns the context is made of, read as text and given to `context` in this order.
    let contextColumns: [String]
    let context: @Sendable ([String]) throws -> String

    var name: String { "\(table).\(column)" }

    static let all: [SealedColumn] = [
        SealedColumn(
            table: "config_vars", column: "sealed_value", key: [.uuid("app_id"), .text("name")],
            contextColumns: ["app_id", "name"]
        ) { SealContext.configValue(appID: try uuid($0[0]), name: $0[1]) },
        SealedColumn(
            table: "releases", column: "sealed_config", key: [.uuid("id")], contextColumns: ["app_id"]
        ) { SealContext.releaseConfig(appID: try uuid($0[0])) },
        SealedColumn(
            table: "addon_services", column: "sealed_password", key: [.uuid("id")], contextColumns: ["id"]
        ) { SealContext.providerSecret(serviceID: try uuid($0[0]), kind: "password") },
        SealedColumn(
            table: "addon_services", column: "sealed_sso_salt", key: [.uuid("id")], contextColumns: ["id"]
        ) { SealContext.providerSecret(serviceID: try uuid($0[0]), kind: "sso-salt") },
        SealedColumn(
            table: "addon_manifests", column: "sealed_body", key: [.uuid("id")],
            contextColumns: ["service_id", "version"]
        ) {
            guard let version = Int($0[1]) else { throw SealedColumnError.unreadableContext }
            return SealContext.manifest(serviceID: try uuid($0[0]), version: version)
        },
        SealedColumn(table: "addons", column: "sealed_config", key: [.uuid("id")], contextColumns: ["id"]) {
            SealContext.addonConfig(addonID: try uuid($0[0]))
        },
        SealedColumn(table: "addons", column: "sealed_options", key: [.uuid("id")], contextColumns: ["id"]) {
            SealContext.addonOptions(addonID: try uuid($0[0]))
        },
        SealedColumn(table: "brokers", column: "sealed_password", key: [.uuid("id")], contextColumns: ["id"]) {
            SealContext.brokerPassword(brokerID: try uuid($0[0]))
        },
        SealedColumn(table: "webhooks", column: "sealed_secret", key: [.uuid("id")], contextColumns: ["id"]) {
            SealContext.webhook(try uuid($0[0]))
        },
        SealedColumn(
            table: "webhooks", column: "sealed_authorization", key: [.uuid("id")], contextColumns: ["id"]
        ) { SealContext.webhook(try uuid($0[0])) },
    ]

    private static func uuid(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw SealedColumnError.unreadableContext }
        return id
    }
}

extension SealedColumn.Key {
    static func uuid(_ name: String) -> Self { Self(name: name, type: "uuid") }
    static func text(_ name: String) -> Self { Self(name: name, type: "text") }
}
