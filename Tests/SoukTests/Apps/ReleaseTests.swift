import Foundation
import HTTPTypes
import Testing

@Suite("Releases and rollbacks", .soukDatabase)
struct ReleaseTests {
    let testApp = TestApp()

    @Test("A release is found by id, by version and by vN, in the Heroku v3 shape")
    func showRelease() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let name = try await api.createApp(key: user.key)
            _ = try await api.call(.patch, "/apps/\(name)/config-vars", key: user.key, json: ["A": "1"])
            let byVersion = try await api.call(.get, "/apps/\(name)/releases/2", key: user.key)
            #expect(byVersion.status == .ok)
            let release = byVersion.object
            #expect(release["version"] as? Int == 2)
            #expect(release["description"] as? String == "Set A config vars")
            #expect(release["status"] as? String == "succeeded")
            #expect(release["current"] as? Bool == true)
            #expect((release["user"] as? [String: Any])?["email"] as? String == user.email)
            #expect((release["app"] as? [String: Any])?["name"] as? String == name)
            let id = try #require(release["id"] as? String)
            #expect(
                try await api.call(.get, "/apps/\(name)/releases/\(id)", key: user.key).object["version"] as? Int == 2)
            #expect(
                try await api.call(.get, "/apps/\(name)/releases/v1", key: user.key).object["current"] as? Bool == false
            )
            #expect(try await api.call(.get, "/apps/\(name)/releases/9", key: user.key).status == .notFound)
            #expect(try await api.call(.get, "/apps/\(name)/releases/banana", key: user.key).status == .notFound)
        }
    }

    @Test("Rolling back restores an earlier environment as a new release")
    func rollback() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let name = try await api.createApp(key: user.key)
            _ = try await api.call(.patch, "/apps/\(name)/config-vars", key: user.key, json: ["A": "1", "B": "2"])
            _ = try await api.call(
                .patch, "/apps/\(name)/config-vars", key: user.key, body: #"{"A": "changed", "B": null, "C": "3"}"#)

            let rolledBack = try await api.call(.post, "/apps/\(name)/releases", key: user.key, json: ["release": 2])
            #expect(rolledBack.status == .created)
            #expect(rolledBack.object["version"] as? Int == 4)
            #expect(rolledBack.object["description"] as? String == "Rollback to v2")
            #expect(
                try await api.call(.get, "/apps/\(name)/config-vars", key: user.key).object as NSDictionary
                    == ["A": "1", "B": "2"] as NSDictionary)

            let firstID = try #require(
                try await api.call(.get, "/apps/\(name)/releases/1", key: user.key).object["id"] as? String)
            let toFirst = try await api.call(.post, "/apps/\(name)/releases", key: user.key, json: ["release": firstID])
            #expect(toFirst.object["version"] as? Int == 5)
            #expect(try await api.call(.get, "/apps/\(name)/config-vars", key: user.key).text == "{}")

            let again = try await api.call(.post, "/apps/\(name)/releases", key: user.key, json: ["release": "v1"])
            #expect(again.status == .created)
            #expect(again.object["version"] as? Int == 6)
        }
    }

    @Test("Rolling back to nothing is refused and changes nothing")
    func badRollback() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let stranger = try await api.createUser()
            let name = try await api.createApp(key: user.key)
            #expect(
                try await api.call(.post, "/apps/\(name)/releases", key: user.key, json: ["release": 42]).status
                    == .notFound)
            #expect(
                try await api.call(.post, "/apps/\(name)/releases", key: user.key, json: [:]).status
                    == .unprocessableContent)
            #expect(
                try await api.call(.post, "/apps/\(name)/releases", key: user.key, json: ["release": [1]]).status
                    == .unprocessableContent)
            #expect(
                try await api.call(.post, "/apps/\(name)/releases", key: stranger.key, json: ["release": 1]).status
                    == .notFound)
            #expect(try await api.call(.get, "/apps/\(name)/releases", key: user.key).array.count == 1)
        }
    }

    @Test("Releases page by version, newest first on request")
    func paging() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let name = try await api.createApp(key: user.key)
            for index in 0..<4 {
                _ = try await api.call(.patch, "/apps/\(name)/config-vars", key: user.key, json: ["N": "\(index)"])
            }
            let rangeHeader = HTTPField.Name("Range")!
            let newest = try await api.call(
                .get, "/apps/\(name)/releases", key: user.key, headers: [rangeHeader: "version ..; max=2, order=desc"])
            #expect(newest.status == .partialContent)
            #expect(newest.array.compactMap { $0["version"] as? Int } == [5, 4])
            let next = try #require(newest.headers[HTTPField.Name("Next-Range")!])
            let older = try await api.call(.get, "/apps/\(name)/releases", key: user.key, headers: [rangeHeader: next])
            #expect(older.array.compactMap { $0["version"] as? Int } == [3, 2])
            let window = try await api.call(
                .get, "/apps/\(name)/releases", key: user.key, headers: [rangeHeader: "version 2..3"])
            #expect(window.status == .ok)
            #expect(window.array.compactMap { $0["version"] as? Int } == [2, 3])
            let bad = try await api.call(
                .get, "/apps/\(name)/releases", key: user.key, headers: [rangeHeader: "version x..; max=2"])
            #expect(bad.status == .badRequest)
        }
    }

    @Test("A release's config vars are the environment as that release left it")
    func releaseConfigVars() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let helper = try await api.createUser()
            let stranger = try await api.createUser()
            let name = try await api.createApp(key: user.key)
            _ = try await api.call(.patch, "/apps/\(name)/config-vars", key: user.key, json: ["A": "1"])
            _ = try await api.call(.patch, "/apps/\(name)/config-vars", key: user.key, body: #"{"A": "2", "B": "x y"}"#)
            _ = try await api.call(.patch, "/apps/\(name)/config-vars", key: user.key, body: #"{"A": null}"#)

            // What heroku/platform-api's `config_var.info_for_app_release(app, release)` sends.
            let heroku: HTTPFields = [.accept: "application/vnd.heroku+json; version=3"]
            func vars(_ release: String, key: String) async throws -> API.Response {
                try await api.call(.get, "/apps/\(name)/releases/\(release)/config-vars", key: key, headers: heroku)
            }
            #expect(try await vars("1", key: user.key).text == "{}")
            #expect(try await vars("2", key: user.key).object as NSDictionary == ["A": "1"] as NSDictionary)
            #expect(
                try await vars("v3", key: user.key).object as NSDictionary == ["A": "2", "B": "x y"] as NSDictionary)
            #expect(try await vars("4", key: user.key).object as NSDictionary == ["B": "x y"] as NSDictionary)
            let secondID = try #require(
                try await api.call(.get, "/apps/\(name)/releases/2", key: user.key).object["id"] as? String)
            #expect(try await vars(secondID, key: user.key).object as NSDictionary == ["A": "1"] as NSDictionary)

            // A rollback's release records what it restored.
            #expect(
                try await api.call(.post, "/apps/\(name)/releases", key: user.key, json: ["release": 3]).status
                    == .created)
            #expect(
                try await vars("5", key: user.key).object as NSDictionary == ["A": "2", "B": "x y"] as NSDictionary)

            for missing in ["6", "0", "banana", UUID().uuidString] {
                let response = try await vars(missing, key: user.key)
                #expect(response.status == .notFound, "\(missing)")
                #expect(response.object["message"] as? String == "Couldn't find that release.")
            }
            // The same access as the app's current config: collaborators yes, anyone else is told no app exists.
            let hidden = try await vars("2", key: stranger.key)
            #expect(hidden.status == .notFound)
            #expect(hidden.object["message"] as? String == "Couldn't find that app.")
            #expect(try await api.call(.get, "/apps/\(name)/releases/2/config-vars", key: nil).status == .unauthorized)
            #expect(
                try await api.call(.post, "/apps/\(name)/collaborators", key: user.key, json: ["user": helper.email])
                    .status == .created)
            #expect(try await vars("2", key: helper.key).object as NSDictionary == ["A": "1"] as NSDictionary)
        }
    }
}
