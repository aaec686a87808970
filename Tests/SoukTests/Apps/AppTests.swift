import Foundation
import HTTPTypes
import Testing

@Suite("Apps", .soukDatabase)
struct AppTests {
    let testApp = TestApp()

    @Test("Creating an app answers the Heroku v3 shape")
    func createShape() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let name = API.uniqueAppName()
            let response = try await api.call(.post, "/apps", key: user.key, json: ["name": name, "region": "eu"])
            #expect(response.status == .created)
            let app = response.object
            let id = try #require(app["id"] as? String)
            #expect(UUID(uuidString: id) != nil && id == id.lowercased())
            #expect(app["name"] as? String == name)
            #expect((app["owner"] as? [String: Any])?["email"] as? String == user.email)
            #expect((app["owner"] as? [String: Any])?["id"] as? String == user.id)
            #expect((app["region"] as? [String: Any])?["name"] as? String == "eu")
            #expect(app["maintenance"] as? Bool == false)
            #expect(app.keys.contains("organization") && app.keys.contains("space"))
            for key in ["created_at", "updated_at", "released_at"] {
                let stamp = try #require(app[key] as? String)
                #expect(stamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil, "\(key): \(stamp)")
            }
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
        }
    }

    @Test("An app without a name gets a generated one that follows the pattern")
    func generatedName() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let response = try await api.call(.post, "/apps", key: user.key, body: "")
            #expect(response.status == .created)
            let name = try #require(response.object["name"] as? String)
            #expect(name.wholeMatch(of: /[a-z][a-z0-9-]{1,28}[a-z0-9]/) != nil)
        }
    }

    @Test(
        "Names that break the pattern are refused",
        arguments: [
            "A-upper", "1starts-with-digit", "ab", "ends-with-dash-", "has_underscore",
            "x" + String(repeating: "y", count: 30), "spa ce", "ünïcode",
        ]
    )
    func invalidNames(name: String) async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let response = try await api.call(.post, "/apps", key: user.key, json: ["name": name])
            #expect(response.status == .unprocessableContent)
            #expect(response.errorID == "invalid_params")
            #expect(try await api.call(.get, "/apps", key: user.key).array.isEmpty)
        }
    }

    @Test("Bad create bodies are a clear 4xx")
    func badCreateBodies() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let cases: [(String, Int)] = [
                (#"{"name": 7}"#, 422), (#"{"region": "mars"}"#, 422), (#"{"name": "#, 400), ("\"just a string\"", 422),
            ]
            for (body, status) in cases {
                let response = try await api.call(.post, "/apps", key: user.key, body: body)
                #expect(response.status.code == status, "\(body) → \(response.text)")
            }
            let invalidUTF8 = try await api.call(
                .post, "/apps", key: user.key, bytes: [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D])
            #expect(invalidUTF8.status == .badRequest)
            #expect(try await api.call(.get, "/apps", key: user.key).array.isEmpty)
        }
    }

    @Test("A taken name is a conflict")
    func takenName() async throws {
        try await testApp.run { api in
            let first = try await api.createUser()
            let second = try await api.createUser()
            let name = try await api.createApp(key: first.key)
            let response = try await api.call(.post, "/apps", key: second.key, json: ["name": name])
            #expect(response.status == .conflict)
            #expect(response.errorID == "conflict")
        }
    }

    @Test("An app is found by name or id by its owner, and by nobody else")
    func visibility() async throws {
        try await testApp.run { api in
            let owner = try await api.createUser()
            let stranger = try await api.createUser()
            let name = try await api.createApp(key: owner.key)
            let byName = try await api.call(.get, "/apps/\(name)", key: owner.key)
            #expect(byName.status == .ok)
            let id = try #require(byName.object["id"] as? String)
            #expect(try await api.call(.get, "/apps/\(id)", key: owner.key).object["name"] as? String == name)
            #expect(try await api.call(.get, "/apps/\(id.uppercased())", key: owner.key).status == .ok)

            for path in [
                "/apps/\(name)", "/apps/\(id)", "/apps/\(name)/config-vars", "/apps/\(name)/releases",
                "/apps/\(name)/collaborators", "/apps/\(name)/releases/1",
            ] {
                let response = try await api.call(.get, path, key: stranger.key)
                #expect(response.status == .notFound, "\(path)")
                #expect(response.errorID == "not_found")
                #expect(!response.text.contains(owner.email))
            }
            #expect(try await api.call(.delete, "/apps/\(name)", key: stranger.key).status == .notFound)
            #expect(
                try await api.call(.patch, "/apps/\(name)", key: stranger.key, json: ["name": "taken-over"]).status
                    == .notFound)
            #expect(try await api.call(.get, "/apps/\(name)", key: owner.key).status == .ok)
            #expect(try await api.call(.get, "/apps", key: stranger.key).array.isEmpty)
            #expect(try await api.call(.get, "/apps/no-such-app", key: owner.key).status == .notFound)
        }
    }

    @Test("Listing pages by name with Range, answering 206 and Next-Range while more remain")
    func listPaging() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let prefix = "p\(UUID().uuidString.prefix(6).lowercased())"
            var names: [String] = []
            for index in 0..<5 {
                names.append(try await api.createApp(key: user.key, name: "\(prefix)-\(index)"))
            }
            let all = try await api.call(.get, "/apps", key: user.key)
            #expect(all.status == .ok)
            #expect(all.array.compactMap { $0["name"] as? String } == names)
            #expect(all.headers[HTTPField.Name("Next-Range")!] == nil)

            var seen: [String] = []
            var range = "name ..; max=2"
            var pages = 0
            while true {
                let page = try await api.call(.get, "/apps", key: user.key, headers: [HTTPField.Name("Range")!: range])
                seen += page.array.compactMap { $0["name"] as? String }
                pages += 1
                guard let next = page.headers[HTTPField.Name("Next-Range")!] else {
                    #expect(page.status == .ok)
                    break
                }
                #expect(page.status == .partialContent)
                range = next
            }
            #expect(seen == names)
            #expect(pages == 3)

            let descending = try await api.call(
                .get, "/apps", key: user.key, headers: [HTTPField.Name("Range")!: "name ..; max=2, order=desc"]
            )
            #expect(descending.array.compactMap { $0["name"] as? String } == [names[4], names[3]])
            let bad = try await api.call(
                .get, "/apps", key: user.key, headers: [HTTPField.Name("Range")!: "color ..; max=2"])
            #expect(bad.status == .badRequest)
        }
    }

    @Test("The owner renames and deletes; a collaborator may do neither")
    func renameAndDelete() async throws {
        try await testApp.run { api in
            let owner = try await api.createUser()
            let helper = try await api.createUser()
            let name = try await api.createApp(key: owner.key)
            #expect(
                try await api.call(.post, "/apps/\(name)/collaborators", key: owner.key, json: ["user": helper.email])
                    .status == .created)

            let renamedByHelper = try await api.call(
                .patch, "/apps/\(name)", key: helper.key, json: ["name": API.uniqueAppName()])
            #expect(renamedByHelper.status == .forbidden)
            #expect(try await api.call(.delete, "/apps/\(name)", key: helper.key).status == .forbidden)

            let newName = API.uniqueAppName("r")
            let renamed = try await api.call(.patch, "/apps/\(name)", key: owner.key, json: ["name": newName])
            #expect(renamed.status == .ok)
            #expect(renamed.object["name"] as? String == newName)
            #expect(try await api.call(.get, "/apps/\(name)", key: owner.key).status == .notFound)
            #expect(
                try await api.call(.patch, "/apps/\(newName)", key: owner.key, json: ["name": "Bad Name"]).status
                    == .unprocessableContent)

            let deleted = try await api.call(.delete, "/apps/\(newName)", key: owner.key)
            #expect(deleted.status == .ok)
            #expect(deleted.object["name"] as? String == newName)
            #expect(try await api.call(.get, "/apps/\(newName)", key: owner.key).status == .notFound)
            #expect(try await api.call(.get, "/apps/\(newName)/config-vars", key: owner.key).status == .notFound)
        }
    }

    @Test("Renaming onto a taken name is a conflict and changes nothing")
    func renameConflict() async throws {
        try await testApp.run { api in
            let owner = try await api.createUser()
            let first = try await api.createApp(key: owner.key)
            let second = try await api.createApp(key: owner.key)
            let response = try await api.call(.patch, "/apps/\(second)", key: owner.key, json: ["name": first])
            #expect(response.status == .conflict)
            #expect(try await api.call(.get, "/apps/\(second)", key: owner.key).status == .ok)
        }
    }
}
