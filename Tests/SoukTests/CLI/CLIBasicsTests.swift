import Foundation
import Testing

@Suite("The souk command line: login and apps")
struct CLIBasicsTests {
    @Test("login stores the key in ~/.netrc per host; apps lists the caller's apps; errors go to stderr", .soukDatabase)
    func loginAndApps() async throws {
        try await LiveSouk.run(TestApp()) { baseURL, api in
            let user = try await api.createUser()
            let app = try await api.createApp(key: user.key)
            let cli = try CLIRunner(baseURL: baseURL)

            let login = try await cli.run(["login", "--api-key", user.key])
            #expect(login.status == 0, "\(login.stderr) \(login.stdout)")
            #expect(login.stdout.contains("Logged in as \(user.email)"))
            let netrc = try String(contentsOf: cli.home.appendingPathComponent(".netrc"), encoding: .utf8)
            #expect(netrc.contains("password \(user.key)"))
            let mode =
                try FileManager.default.attributesOfItem(atPath: cli.home.appendingPathComponent(".netrc").path)[
                    .posixPermissions] as? Int
            #expect(mode == 0o600)

            let apps = try await cli.run(["apps"])
            #expect(apps.status == 0, "\(apps.stderr)")
            #expect(apps.stdout.contains("=== \(user.email) Apps"))
            #expect(apps.stdout.contains(app))
            #expect(!apps.stdout.contains("\u{1B}["))

            let json = try await cli.run(["apps", "--json"])
            let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
            #expect(decoded?.first?["name"] as? String == app)

            let refused = try await cli.run(["apps"], key: "wrong")
            #expect(refused.status != 0)
            #expect(refused.stderr.contains(" ▸"))
            #expect(refused.stderr.contains("Invalid credentials"))
        }
    }
}
