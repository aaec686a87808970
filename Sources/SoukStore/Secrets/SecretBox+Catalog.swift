import Foundation
import NIOCore
import SoukCore

/// How a provider's secrets are sealed at rest: the service id (and manifest version) are the
/// associated data, so a sealed password cannot be moved to another service.
extension SecretBox {
    func sealProviderSecret(_ secret: String, serviceID: UUID, kind: String) throws -> ByteBuffer {
        ByteBuffer(bytes: try seal(secret, context: SealContext.providerSecret(serviceID: serviceID, kind: kind)))
    }

    func openProviderSecret(_ sealed: ByteBuffer, serviceID: UUID, kind: String) throws -> String {
        try open(Array(buffer: sealed), context: SealContext.providerSecret(serviceID: serviceID, kind: kind))
    }

    func sealManifest(_ document: JSONValue, serviceID: UUID, version: Int) throws -> ByteBuffer {
        let json = String(decoding: try SoukJSON.makeEncoder().encode(document), as: UTF8.self)
        return ByteBuffer(
            bytes: try seal(json, context: SealContext.manifest(serviceID: serviceID, version: version)))
    }

    func openManifest(_ sealed: ByteBuffer, serviceID: UUID, version: Int) throws -> JSONValue {
        let json = try open(
            Array(buffer: sealed), context: SealContext.manifest(serviceID: serviceID, version: version))
        return try SoukJSON.makeDecoder().decode(JSONValue.self, from: Data(json.utf8))
    }
}

/// An add-on's config as its provider gave it, sealed as one JSON object; the add-on id is the associated data.
extension SecretBox {
    func sealAddonConfig(_ config: [String: String], addonID: UUID) throws -> ByteBuffer {
        try sealStringMap(config, context: SealContext.addonConfig(addonID: addonID))
    }

    func openAddonConfig(_ sealed: ByteBuffer, addonID: UUID) throws -> [String: String] {
        try openStringMap(sealed, context: SealContext.addonConfig(addonID: addonID))
    }

    /// The options a customer gave when creating the add-on (often passwords and tokens).
    func sealAddonOptions(_ options: [String: String], addonID: UUID) throws -> ByteBuffer {
        try sealStringMap(options, context: SealContext.addonOptions(addonID: addonID))
    }

    func openAddonOptions(_ sealed: ByteBuffer, addonID: UUID) throws -> [String: String] {
        try openStringMap(sealed, context: SealContext.addonOptions(addonID: addonID))
    }
}
