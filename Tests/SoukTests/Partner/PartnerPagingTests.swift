import Foundation
import HTTPTypes
import SoukCore
import Testing

/// Issue #10, item 1: `page` and `per_page` of `GET /v1/provider/apps` come from the client, so they are
/// bounded (page 1…1,000,000, per_page 1…100) before any arithmetic, and anything else is a 400.
@Suite("The Scalingo partner listing's paging is bounded", .soukDatabase)
struct PartnerPagingTests {
    // A generous provider timeout: on a loaded machine a slow fake would fail the set-up, not the test.
    let testApp = TestApp.forAddons(timeout: 20)

    /// The Scalingo provider's Basic credentials, with one add-on installed.
    private func withListing(_ body: @Sendable (API, String, String) async throws -> Void) async throws {
        let password = "pw" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        try await FakeProvider.run(flavour: .scalingo, username: Marketplace.uniqueSlug(), password: password) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerScalingo(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let created = try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug])
                let id = try #require(created.object["id"] as? String, "\(created.text)")
                try await body(api, Marketplace.basic(fake.username, password), id)
            }
        }
    }

    @Test("The request that trapped the process answers 400 bad_request")
    func overflowingPage() async throws {
        try await withListing { api, provider, _ in
            let response = try await api.call(
                .get, "/v1/provider/apps?page=9223372036854775807", key: nil, headers: [.authorization: provider]
            )
            #expect(response.status == .badRequest, "\(response.text)")
            #expect(response.errorID == "bad_request")
            #expect(response.object["message"] is String)
            // The process is still serving.
            let again = try await api.call(.get, "/v1/provider/apps", key: nil, headers: [.authorization: provider])
            #expect(again.status == .ok)
        }
    }

    /// One fixture for every case: a provider and an app per case would only load the machine.
    static let refusedQueries = [
        "page=0", "page=-1", "page=1000001", "page=-9223372036854775808", "page=9223372036854775808",
        "page=99999999999999999999999", "page=abc", "page=1.5", "page=", "page=%201", "page=0x10",
        "per_page=0", "per_page=101", "per_page=-1", "per_page=9223372036854775807",
        "per_page=-9223372036854775808", "per_page=ten", "per_page=",
        "page=1000000&per_page=9223372036854775807", "page=9223372036854775807&per_page=100",
    ]

    @Test("Out-of-range and non-integer paging parameters answer 400")
    func outOfRange() async throws {
        try await withListing { api, provider, _ in
            for query in Self.refusedQueries {
                let response = try await api.call(
                    .get, "/v1/provider/apps?\(query)", key: nil, headers: [.authorization: provider]
                )
                #expect(response.status == .badRequest, "\(query): \(response.status) \(response.text)")
                #expect(response.errorID == "bad_request", "\(query)")
                #expect(response.object["message"] is String, "\(query)")
            }
        }
    }

    @Test("The largest page and per_page are served, empty past the end")
    func largestPage() async throws {
        try await withListing { api, provider, id in
            let last = try await api.call(
                .get, "/v1/provider/apps?page=1000000&per_page=100", key: nil, headers: [.authorization: provider]
            )
            #expect(last.status == .ok, "\(last.text)")
            #expect((last.object["apps"] as? [Any])?.isEmpty == true)
            let pagination = (last.object["meta"] as? [String: Any])?["pagination"] as? [String: Any]
            #expect(pagination?["current_page"] as? Int == 1_000_000)
            #expect(pagination?["prev_page"] as? Int == 999_999)
            #expect(pagination?["next_page"] is NSNull)
            #expect(pagination?["total_count"] as? Int == 1)

            let first = try await api.call(
                .get, "/v1/provider/apps?page=1&per_page=1", key: nil, headers: [.authorization: provider]
            )
            #expect(first.status == .ok)
            #expect((first.object["apps"] as? [[String: Any]])?.compactMap { $0["app_id"] as? String } == [id])
        }
    }
}
