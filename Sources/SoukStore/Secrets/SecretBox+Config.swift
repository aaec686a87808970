import Foundation
import NIOCore
import SoukCore

/// How config values are sealed at rest. The associated data names the owning app (and var), so a
/// sealed value copied into another row fails to open instead of leaking into the wrong app.
extension SecretBox {
    func sealConfigValue(_ value: String, appID: UUID, name: String) throws -> ByteBuffer {
        ByteBuffer(bytes: try seal(value, context: "config-var:\(appID.lowercasedString):\(name)"))
    }

    func openConfigValue(_ sealed: ByteBuffer, appID: UUID, name: String) throws -> String {
        try open(Array(buffer: sealed), context: "config-var:\(appID.lowercasedString):\(name)")
    }

    /// A release keeps its whole environment as one sealed JSON object.
    func sealReleaseConfig(_ config: [String: String], appID: UUID) throws -> ByteBuffer {
        try sealStringMap(config, context: "release-config:\(appID.lowercasedString)")
    }

    func openReleaseConfig(_ sealed: ByteBuffer, appID: UUID) throws -> [String: String] {
        try openStringMap(sealed, context: "release-config:\(appID.lowercasedString)")
    }
}
