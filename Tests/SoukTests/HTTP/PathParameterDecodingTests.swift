import Foundation
import HTTPTypes
import Testing

/// Found by `scripts/fuzz`: path parameters reached the handlers still percent-encoded, so the collaborator
/// the Heroku CLI names as `bob%40example.com` was never found.
@Suite("Percent-encoded path parameters", .soukDatabase)
struct PathParameterDecodingTests {
    let testApp = TestApp()

    @Test("An encoded email finds the collaborator; undecodable and NUL values find nothing")
    func encodedEmail() async throws {
        try await testApp.run { api in
            let owner = try await api.createUser()
            let bob = try await api.createUser()
            let app = try await api.createApp(key: owner.key)
            let added = try await api.call(
                .post, "/apps/\(app)/collaborators", key: owner.key, json: ["user": bob.email]
            )
            #expect(added.status == .created)
            let encoded = bob.email.replacingOccurrences(of: "@", with: "%40")
            let found = try await api.call(.get, "/apps/\(app)/collaborators/\(encoded)", key: owner.key)
            #expect(found.status == .ok, "\(found.text)")
            #expect((found.object["user"] as? [String: Any])?["email"] as? String == bob.email)
            for raw in ["%ZZ", "%00", "bob%00%40example.com"] {
                let missing = try await api.call(.get, "/apps/\(app)/collaborators/\(raw)", key: owner.key)
                #expect(missing.status == .notFound, "\(raw): \(missing.text)")
            }
            let removed = try await api.call(.delete, "/apps/\(app)/collaborators/\(encoded)", key: owner.key)
            #expect(removed.status == .ok, "\(removed.text)")
        }
    }
}
