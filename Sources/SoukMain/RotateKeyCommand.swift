import ArgumentParser
import Configuration
import Logging
import SoukServer
import SoukStore

struct RotateKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-key",
        abstract: "Re-seal every secret at rest under SOUK_ENCRYPTION_KEY, then exit.",
        discussion: """
            Rotation takes three rolling restarts, so that no process ever meets a value it can't open:
            1. every process gets the new key in SOUK_PREVIOUS_ENCRYPTION_KEYS (comma-separated), so it opens
               what the new key will seal;
            2. every process gets the new key in SOUK_ENCRYPTION_KEY and the old one in
               SOUK_PREVIOUS_ENCRYPTION_KEYS: now everything new is sealed with the new key;
            3. run this with those settings. It re-seals a batch of rows at a time while Souk serves; if it is
               interrupted, run it again and it carries on with what is left. Once it reports nothing left
               under an older key, remove the old key from SOUK_PREVIOUS_ENCRYPTION_KEYS (keep it with the
               backups made before).
            It exits with status 1 if values remain under an older key: a process still sealing with the old
            key wrote them, so finish step 2 and run it again.
            """
    )

    @Option(help: "Rows re-sealed per statement.")
    var batchSize = 500

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1.") }
    }

    func run() async throws {
        let reader = try await SoukConfiguration.reader()
        guard let url = reader.string(forKey: "databaseUrl", isSecret: true) else {
            throw SettingsError.missing("DATABASE_URL", "the PostgreSQL database whose secrets to re-seal")
        }
        let secrets = try EncryptionKeys(reader: reader).secretBox()
        let logger = Logger(label: "souk.rotate-key")
        let batchSize = batchSize
        let left = try await withPrimaryDatabase(url: url, logger: logger) { database in
            let rotation = KeyRotation(database: database, secrets: secrets, batchSize: batchSize, logger: logger)
            try await rotation.run { print("\($0.column): \($0.values) re-sealed") }
            return try await rotation.remaining().filter { $0.values > 0 }
        }
        guard left.isEmpty else {
            for count in left { print("\(count.column): \(count.values) still under an older key") }
            throw ExitCode(1)
        }
        print("Every secret is sealed under SOUK_ENCRYPTION_KEY; SOUK_PREVIOUS_ENCRYPTION_KEYS may be emptied.")
    }
}
