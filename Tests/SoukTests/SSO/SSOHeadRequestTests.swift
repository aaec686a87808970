import Foundation
import HTTPTypes
import NIOCore
import SoukCore
import Testing

/// HEAD of a hand-off route runs the same checks as GET and answers with GET's status and headers, but a token
/// counts as handed off, and is recorded, only when the answer carries it: in a HEAD answer, only a redirect's
/// `Location` does.
@Suite("Single sign-on: HEAD")
struct SSOHeadRequestTests {
    let sso = SingleSignOnTests()

    @Test("HEAD of a POST-style hand-off, as JSON or as a page, records nothing; GET then records one", .soukDatabase)
    func formHandOff() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await sso.testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let stranger = try await api.createUser()
                let addon = try await sso.install(api, plan: slug, key: user.key)
                let basic: HTTPFields = [.authorization: Marketplace.basic("", user.key)]

                let json = try await api.call(.head, "/apps/\(addon.app)/addons/\(addon.id)/sso", key: user.key)
                #expect(json.status == .ok)
                #expect(json.headers[.contentType] == "application/json")
                #expect(json.headers[.cacheControl] == "no-store")
                #expect(json.body.readableBytes == 0)
                let page = try await api.call(.head, "/addons/\(addon.id)/sso/open", key: nil, headers: basic)
                #expect(page.status == .ok)
                #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(page.body.readableBytes == 0)
                // The checks still run: a stranger's HEAD is refused as their GET is.
                #expect(try await api.call(.head, "/addons/\(addon.id)/sso", key: stranger.key).status == .notFound)
                #expect(try await SingleSignOnTests.issuances(of: addon.id).isEmpty)

                let get = try await api.call(.get, "/addons/\(addon.id)/sso", key: user.key)
                #expect(get.status == .ok)
                #expect(get.headers[.contentLength] == json.headers[.contentLength])
                #expect(try await SingleSignOnTests.issuances(of: addon.id).map(\.2) == ["post"])
            }
        }
    }

    @Test("HEAD of a GET-style page hands the signed link off in its Location and records it", .soukDatabase)
    func redirectHandOff() async throws {
        try await FakeProvider.run(flavour: .scalingo, username: "fake-user") { fake in
            try await sso.testApp.run { api in
                let (slug, _) = try await Marketplace.registerScalingo(api, fake: fake)
                let user = try await api.createUser()
                let addon = try await sso.install(api, plan: "\(slug):free", key: user.key)

                let json = try await api.call(.head, "/addons/\(addon.id)/sso", key: user.key)
                #expect(json.status == .ok && json.body.readableBytes == 0)
                #expect(try await SingleSignOnTests.issuances(of: addon.id).isEmpty)

                let page = try await api.call(
                    .head, "/apps/\(addon.app)/addons/\(addon.id)/sso/open", key: nil,
                    headers: [.authorization: Marketplace.basic("", user.key)]
                )
                #expect(page.status == .found)
                let location = try #require(page.headers[.location])
                #expect(location.hasPrefix("http://127.0.0.1:\(fake.port)/sso?id="))
                #expect(location.contains("&token="))
                #expect(try await SingleSignOnTests.issuances(of: addon.id).map(\.2) == ["get"])
            }
        }
    }
}
