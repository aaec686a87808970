import Foundation
import NIOCore
import SoukCore

/// An app's environment as its current release left it, with who may read it. `json` is the body of
/// `GET /apps/{app}/config-vars` and `entityTag` its `ETag`, made once when the environment is read from the
/// database, so that serving it again from `EnvironmentCache` costs no encoding and no digest.
public struct Environment: Sendable {
    public let appID: UUID
    public let appName: String
    public let members: Set<UUID>
    public let json: ByteBuffer
    public let entityTag: EntityTag

    init(appID: UUID, appName: String, members: Set<UUID>, values: [String: String]) throws {
        self.appID = appID
        self.appName = appName
        self.members = members
        let bytes = try SoukJSON.encode(values)
        json = ByteBuffer(bytes: bytes)
        entityTag = EntityTag(of: bytes)
    }

    /// The variables themselves, decoded from `json` (the dashboard shows them one by one).
    public func values() throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: Data(json.readableBytesView))
    }

    /// Roughly what keeping it costs, for `EnvironmentCache`'s bound.
    var footprint: Int { json.readableBytes + appName.utf8.count + 16 * members.count + 192 }
}
