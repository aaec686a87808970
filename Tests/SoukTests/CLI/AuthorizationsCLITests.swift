import Foundation
import HTTPTypes
import SoukCore
import Testing

@Suite("The souk command line: API keys")
struct AuthorizationsCLITests {
    let testApp = TestApp()

    @Test(
        "authorizations, :create, :rotate and :revoke manage the account's keys, through the binary only", .soukDatabase
    )
    func keys() async throws {
        try await LiveSouk.run(testApp) { baseURL, api in
            let user = try await api.createUser()
            var souk = try CLISession(baseURL: baseURL)
            _ = try await souk.ok(["login", "--api-key", user.key])

            let created = try await souk.ok([
                "authorizations:create", "--description", "CI deploys", "--expires-in", "600",
            ])
            #expect(created.stderr.contains("Creating OAuth Authorization... done"))
            #expect(created.stdout.contains("Description: CI deploys"))
            let token = try #require(
                created.stdout.split(separator: "\n").first { $0.hasPrefix("Token:") }?.split(separator: " ").last
                    .map(String.init)
            )
            #expect(try await api.call(.get, "/account", key: token).status == .ok)
            let short = try await souk.ok(["authorizations:create", "-S"])
            let shortToken = short.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(shortToken.hasPrefix(APIKeyToken.prefix))

            let listed = try await souk.ok(["authorizations"])
            #expect(listed.stdout.contains("CI deploys") && listed.stdout.contains("Created with the account"))
            #expect(!listed.stdout.contains(token))
            let all = try #require(try await souk.json(["authorizations", "--json"]) as? [[String: Any]])
            #expect(all.count == 3)
            let id = try #require(all.first { $0["description"] as? String == "CI deploys" }?["id"] as? String)

            let rotated = try await souk.ok(["authorizations:rotate", id])
            #expect(rotated.stderr.contains("Rotating OAuth Authorization \(id)... done"))
            #expect(rotated.stdout.contains("Token:") && !rotated.stdout.contains(token))
            // `api` is another process than the server the CLI talks to.
            #expect(try await api.refuses(key: token, within: .seconds(1)))

            let revoked = try await souk.ok(["authorizations:revoke", id])
            #expect(revoked.stderr.contains("Revoking OAuth Authorization \(id)... done"))
            let unknown = try await souk.run(["authorizations:revoke", id])
            #expect(unknown.failedWithMessage && unknown.stderr.contains("Couldn't find that authorization."))
            #expect(try await api.call(.get, "/oauth/authorizations", key: user.key).array.count == 2)
        }
    }
}
