import Foundation
import HTTPTypes
import Testing

@testable import SoukServer

/// A process given a key that did not seal the database's secrets refuses to start, before it reads a secret
/// it can't open or seals one that nothing else opens.
@Suite("Start-up checks the encryption key against the database's secrets")
struct SealingKeyCheckTests {
    @Test(
        "A foreign key is refused by name; with the old key among the previous ones the same start-up serves",
        .soukDatabase)
    func foreignKeyRefused() async throws {
        let (user, app) = try await KeyRotationTests.appWithSecret()

        do {
            try await KeyRotationTests.rotatedApp(keepingOld: false).run { _ in
                Issue.record("a process with a key that sealed nothing here started")
            }
        } catch let error as SettingsError {
            let message = error.description
            #expect(message.contains("SOUK_ENCRYPTION_KEY") && message.contains("SOUK_PREVIOUS_ENCRYPTION_KEYS"))
            #expect(message.contains(".sealed_") && message.contains("key id "), "\(message)")
            #expect(!message.contains("sekret"))
        }

        // Nothing was sealed under the new key by the refused start-up: the old key alone still opens everything.
        try await TestApp().run { api in
            let vars = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key)
            #expect(vars.object["S"] as? String == "sekret-value", "\(vars.text)")
        }
        try await KeyRotationTests.rotatedApp(keepingOld: true).run { api in
            let vars = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key)
            #expect(vars.object["S"] as? String == "sekret-value", "\(vars.text)")
        }
    }
}
