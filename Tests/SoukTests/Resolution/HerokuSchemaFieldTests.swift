import Foundation
import HTTPTypes
import SoukCore
import Testing

@Suite("Fields of Heroku's schema that mean something in Souk")
struct HerokuSchemaFieldTests {
    let testApp = TestApp.forAddons()

    @Test("billing_entity on add-ons, namespace on attachments, price.contract on plans", .soukDatabase)
    func fields() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let f = try await ResolutionFixture.make(api, fake: fake)
                let billingID = try #require(
                    (try await api.call(.get, "/apps/\(f.billing)", key: f.owner.key).object["id"] as? String)
                )
                let expected: NSDictionary = ["id": billingID, "name": f.billing, "type": "app"]
                for path in ["/addons/\(f.addonID)", "/apps/\(f.other)/addons/\(f.addonName)"] {
                    let addon = try await api.call(.get, path, key: f.owner.key).object
                    #expect((addon["billing_entity"] as? NSDictionary) == expected, "\(path)")
                }
                #expect(
                    try await api.call(.get, "/addons", key: f.owner.key).array.allSatisfy {
                        ($0["billing_entity"] as? NSDictionary) == expected
                    })

                let attachments = try await api.call(.get, "/apps/\(f.other)/addon-attachments", key: f.owner.key).array
                #expect(!attachments.isEmpty)
                #expect(attachments.allSatisfy { $0.keys.contains("namespace") && $0["namespace"] is NSNull })

                let plans = try await api.call(.get, "/addon-services/\(f.slug)/plans", key: f.owner.key).array
                #expect(plans.count == 2)
                for plan in plans {
                    let price = try #require(plan["price"] as? [String: Any])
                    #expect(price["contract"] as? Bool == false)
                    #expect(price["cents"] is Int && price["unit"] is String)
                }
            }
        }
    }
}
