import Foundation
import HTTPTypes
import Testing

@Suite("Collaborators", .soukDatabase)
struct CollaboratorTests {
    let testApp = TestApp()

    @Test("The owner adds a collaborator, who then sees the app and edits its config")
    func addCollaborator() async throws {
        try await testApp.run { api in
            let owner = try await api.createUser()
            let helper = try await api.createUser()
            let name = try await api.createApp(key: owner.key)

            let added = try await api.call(
                .post, "/apps/\(name)/collaborators", key: owner.key, json: ["user": helper.email])
            #expect(added.status == .created)
            #expect(added.object["role"] as? String == "collaborator")
            #expect((added.object["user"] as? [String: Any])?["email"] as? String == helper.email)
            #expect((added.object["app"] as? [String: Any])?["name"] as? String == name)

            let list = try await api.call(.get, "/apps/\(name)/collaborators", key: helper.key)
            #expect(list.status == .ok)
            #expect(list.array.compactMap { $0["role"] as? String }.sorted() == ["collaborator", "owner"])

            #expect(
                try await api.call(.get, "/apps", key: helper.key).array.compactMap { $0["name"] as? String } == [name])
            #expect(
                try await api.call(.patch, "/apps/\(name)/config-vars", key: helper.key, json: ["SHARED": "yes"]).status
                    == .ok)
            #expect(
                try await api.call(.get, "/apps/\(name)/config-vars", key: owner.key).object["SHARED"] as? String
                    == "yes")

            let one = try await api.call(.get, "/apps/\(name)/collaborators/\(helper.email)", key: owner.key)
            #expect(one.status == .ok)
            #expect(try await api.call(.get, "/apps/\(name)/collaborators/\(helper.id)", key: owner.key).status == .ok)
        }
    }

    @Test("Only the owner manages collaborators; unknown users and repeats are refused")
    func permissions() async throws {
        try await testApp.run { api in
            let owner = try await api.createUser()
            let helper = try await api.createUser()
            let third = try await api.createUser()
            let name = try await api.createApp(key: owner.key)
            #expect(
                try await api.call(.post, "/apps/\(name)/collaborators", key: owner.key, json: ["user": helper.id])
                    .status == .created)

            let byHelper = try await api.call(
                .post, "/apps/\(name)/collaborators", key: helper.key, json: ["user": third.email])
            #expect(byHelper.status == .forbidden)
            let byStranger = try await api.call(
                .post, "/apps/\(name)/collaborators", key: third.key, json: ["user": third.email])
            #expect(byStranger.status == .notFound)
            let again = try await api.call(
                .post, "/apps/\(name)/collaborators", key: owner.key, json: ["user": helper.email])
            #expect(again.status == .conflict)
            let nobody = try await api.call(
                .post, "/apps/\(name)/collaborators", key: owner.key, json: ["user": "nobody@example.com"])
            #expect(nobody.status == .notFound)
            let nul = try await api.call(
                .post, "/apps/\(name)/collaborators", key: owner.key, body: #"{"user": "a\u0000b"}"#)
            #expect(nul.status == .unprocessableContent)
            let missing = try await api.call(.post, "/apps/\(name)/collaborators", key: owner.key, json: [:])
            #expect(missing.status == .unprocessableContent)
            #expect(try await api.call(.get, "/apps/\(name)/collaborators", key: owner.key).array.count == 2)
        }
    }

    @Test("A collaborator may leave; the owner may remove them; then they lose sight of the app")
    func removal() async throws {
        try await testApp.run { api in
            let owner = try await api.createUser()
            let first = try await api.createUser()
            let second = try await api.createUser()
            let name = try await api.createApp(key: owner.key)
            for user in [first, second] {
                #expect(
                    try await api.call(.post, "/apps/\(name)/collaborators", key: owner.key, json: ["user": user.email])
                        .status == .created)
            }
            #expect(
                try await api.call(.delete, "/apps/\(name)/collaborators/\(second.email)", key: first.key).status
                    == .forbidden)
            #expect(
                try await api.call(.delete, "/apps/\(name)/collaborators/\(first.email)", key: first.key).status == .ok)
            #expect(try await api.call(.get, "/apps/\(name)", key: first.key).status == .notFound)
            #expect(
                try await api.call(.delete, "/apps/\(name)/collaborators/\(second.id)", key: owner.key).status == .ok)
            #expect(try await api.call(.get, "/apps/\(name)/config-vars", key: second.key).status == .notFound)
            #expect(
                try await api.call(.delete, "/apps/\(name)/collaborators/\(owner.email)", key: owner.key).status
                    == .notFound)
            #expect(try await api.call(.get, "/apps/\(name)/collaborators", key: owner.key).array.count == 1)
        }
    }
}
