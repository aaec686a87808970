import Foundation
import HTTPTypes
import Testing

/// `Range` headers exactly as real clients send them.
@Suite("Range headers from real clients", .soukDatabase)
struct RangeHeaderTests {
    let testApp = TestApp.forAddons()

    static func range(_ value: String) -> HTTPFields { [HTTPField.Name("Range")!: value] }

    @Test("heroku3's `id ..; ;` and `version ..; ;` headers list apps, add-ons, releases and collaborators")
    func heroku3() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let app = try await api.createApp(key: user.key)
            for (path, header) in [
                ("/apps", "id ..; ;"), ("/apps/\(app)/addons", "id ..; ;"), ("/apps/\(app)/releases", "version ..; ;"),
                ("/apps/\(app)/collaborators", "id ..; ;"), ("/apps", "id ..; order=desc,max=10;"),
                ("/apps/\(app)/addon-attachments", "id ..; ;"), ("/addons", "id ..; order=desc,max=10;"),
                ("/addon-services", "id ..; ;"), ("/addon-services", "created_at ..; order=desc,max=5;"),
            ] {
                let response = try await api.call(.get, path, key: user.key, headers: Self.range(header))
                #expect(response.status == .ok, "\(path) with \(header): \(response.text)")
            }
            let releases = try await api.call(
                .get, "/apps/\(app)/releases", key: user.key, headers: Self.range("version ..; ;"))
            #expect(releases.array.count == 1)
        }
    }

    @Test("Apps page by created_at in creation order, resuming from Next-Range")
    func createdAtPaging() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            var created: [String] = []
            for index in 0..<3 {
                created.append(try await api.createApp(key: user.key, name: API.uniqueAppName("r\(index)")))
            }
            let first = try await api.call(.get, "/apps", key: user.key, headers: Self.range("created_at ..; max=2"))
            #expect(first.status == .partialContent)
            let next = try #require(first.headers[HTTPField.Name("Next-Range")!])
            let second = try await api.call(.get, "/apps", key: user.key, headers: Self.range(next))
            #expect(second.status == .ok)
            let names = (first.array + second.array).compactMap { $0["name"] as? String }
            #expect(names == created)
            let newest = try await api.call(
                .get, "/apps", key: user.key, headers: Self.range("updated_at ..; order=desc, max=1"))
            #expect(newest.array.first?["name"] as? String == created.last)
        }
    }

    @Test(
        "A header that can't be understood is a 400 naming the fields the list accepts; out-of-range versions too",
        arguments: [
            ("/apps", "colour ..", "name, id, created_at, updated_at"),
            ("/apps", "name ..; max=many", "name, id"),
            ("RELEASES", "version ]99999999999..", "versions are whole numbers"),
            ("RELEASES", "version 1..99999999999", "versions are whole numbers"),
            ("RELEASES", "version ]-9223372036854775808..", "versions are whole numbers"),
        ]
    )
    func refused(path: String, header: String, mentions: String) async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let app = try await api.createApp(key: user.key)
            let target = path == "RELEASES" ? "/apps/\(app)/releases" : path
            let response = try await api.call(.get, target, key: user.key, headers: Self.range(header))
            #expect(response.status == .badRequest, "\(response.text)")
            #expect(response.errorID == "bad_request")
            #expect((response.object["message"] as? String)?.contains(mentions) == true, "\(response.text)")
        }
    }
}
