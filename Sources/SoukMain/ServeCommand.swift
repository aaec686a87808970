import ArgumentParser
import Configuration
import Hummingbird
import SoukServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Migrate the database, then serve the platform API.",
        discussion: """
            Configuration comes from the environment (DATABASE_URL, PORT, HOST, SOUK_ENCRYPTION_KEY,
            SOUK_ADMIN_API_KEY, SOUK_PUBLIC_URL), then config/$SOUK_ENV.json, then config/default.json.
            """
    )

    @Option(name: .long, help: "Address to bind (default 127.0.0.1).")
    var host: String?

    @Option(name: .shortAndLong, help: "Port to listen on (default 5000).")
    var port: Int?

    func run() async throws {
        MallocTuning.apply()
        var overrides: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host { overrides["host"] = .init(.string(host), isSecret: false) }
        if let port { overrides["port"] = .init(.int(port), isSecret: false) }
        let reader = try await SoukConfiguration.reader(overrides: overrides)
        let app = try await buildApplication(reader: reader)
        let trimming = Task.detached(priority: .background) { await MallocTuning.trimPeriodically() }
        defer { trimming.cancel() }
        try await app.runService()
    }
}
