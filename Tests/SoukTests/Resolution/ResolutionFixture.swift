import Foundation
import HTTPTypes
import Testing

/// One customer with an add-on billed to `billing` (attached there as `FAKE`) and shared with `other`
/// as `PRIMARY_DB`, and a stranger who may see neither app.
struct ResolutionFixture {
    let slug: String
    let owner: (id: String, email: String, key: String)
    let stranger: (id: String, email: String, key: String)
    let billing: String
    let other: String
    let addonID: String
    let addonName: String
    /// The attachment in `other`.
    let sharedID: String

    static func make(_ api: API, fake: FakeProvider) async throws -> ResolutionFixture {
        let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake, requires: ["attachable", "many_per_app"])
        let owner = try await api.createUser()
        let stranger = try await api.createUser()
        let billing = try await api.createApp(key: owner.key)
        let other = try await api.createApp(key: owner.key)
        let addon = try await api.call(.post, "/apps/\(billing)/addons", key: owner.key, json: ["plan": slug])
        guard addon.status == .created, let addonID = addon.object["id"] as? String,
            let addonName = addon.object["name"] as? String
        else { throw TestFailure("could not create the add-on: \(addon.text)") }
        let shared = try await api.call(
            .post, "/addon-attachments", key: owner.key, json: ["addon": addonName, "app": other, "name": "PRIMARY_DB"]
        )
        guard shared.status == .created, let sharedID = shared.object["id"] as? String else {
            throw TestFailure("could not attach the add-on: \(shared.text)")
        }
        return ResolutionFixture(
            slug: slug, owner: owner, stranger: stranger, billing: billing, other: other, addonID: addonID,
            addonName: addonName, sharedID: sharedID
        )
    }
}
