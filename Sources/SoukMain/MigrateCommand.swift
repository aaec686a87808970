import ArgumentParser
import Configuration
import Logging
import PostgresNIO
import SoukServer
import SoukStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract:
            "Apply pending migrations from migrations/ to DATABASE_URL (its primary, if it lists several hosts), then exit."
    )

    func run() async throws {
        let reader = try await SoukConfiguration.reader()
        guard let url = reader.string(forKey: "databaseUrl", isSecret: true) else {
            throw SettingsError.missing("DATABASE_URL", "the PostgreSQL database to migrate")
        }
        let directory = reader.string(forKey: "souk.migrationsPath", default: "migrations")
        let logger = Logger(label: "souk.migrate")
        try await withPrimaryDatabase(url: url, logger: logger) { database in
            let applied = try await Migrator(database: database, directory: directory, logger: logger).migrate()
            print(applied.isEmpty ? "Nothing to migrate." : "Applied \(applied.joined(separator: ", ")).")
        }
    }
}
