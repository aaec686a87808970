import Foundation
import NIOCore
import SoukCore

/// How config values are sealed at rest. The associated data names the owning app (and var), so a
/// sealed value copied into another row fails to open instead of leaking into the wrong app.
extension SecretBox {
    func sealConfigValue(_ value: String, appID: UUID, name: String) throws -> ByteBuffer {
        ByteBuffer(bytes: try seal(value, context: SealContext.configValue(appID: appID, name: name)))
    }

    func openConfigValue(_ sealed: ByteBuffer, appID: UUID, name: String) throws -> String {
        try open(Array(buffer: sealed), context: SealContext.configValue(appID: appID, name: name))
    }

    /// A release keeps its whole environment as one sealed JSON object.
    func sealReleaseConfig(_ config: [String: String], appID: UUID) throws -> ByteBuffer {
        try sealStringMap(config, context: SealContext.releaseConfig(appID: appID))
    }

    func openReleaseConfig(_ sealed: ByteBuffer, appID: UUID) throws -> [String: String] {
        try openStringMap(sealed, context: SealContext.releaseConfig(appID: appID))
    }
}
