import ArgumentParser
import Configuration
import Logging
import PostgresNIO
import SoukServer
import SoukStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending migrations from migrations/ to DATABASE_URL, then exit."
    )

    func run() async throws {
        let reader = try await SoukConfiguration.reader()
        guard let url = reader.string(forKey: "databaseUrl", isSecret: true) else {
            throw SettingsError.missing("DATABASE_URL", "the PostgreSQL database to migrate")
        }
        let directory = reader.string(forKey: "souk.migrationsPath", default: "migrations")
        let logger = Logger(label: "souk.migrate")
        let database = Database(configuration: try PostgresClient.Configuration(url: url), logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            let applied = try await Migrator(database: database, directory: directory, logger: logger).migrate()
            print(applied.isEmpty ? "Nothing to migrate." : "Applied \(applied.joined(separator: ", ")).")
        }
    }
}
