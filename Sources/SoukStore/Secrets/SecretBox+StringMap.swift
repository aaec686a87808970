import Foundation
import NIOCore
import SoukCore

extension SecretBox {
    /// A map of strings sealed as one JSON object (keys sorted), under `context` as associated data:
    /// how a release's environment, an add-on's provider config and its provisioning options are kept.
    func sealStringMap(_ map: [String: String], context: String) throws -> ByteBuffer {
        ByteBuffer(bytes: try seal(String(decoding: try SoukJSON.encode(map), as: UTF8.self), context: context))
    }

    func openStringMap(_ sealed: ByteBuffer, context: String) throws -> [String: String] {
        let json = try open(Array(buffer: sealed), context: context)
        return try JSONDecoder().decode([String: String].self, from: Data(json.utf8))
    }
}
