import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SoukCore

/// `GET /openapi.json`: the OpenAPI 3.1 document of every route, readable without a key (the auth
/// middleware lets requests without credentials through; this route never asks for a caller). The
/// document is `OpenAPI/openapi.json`, a resource of this module, kept in step with the router by
/// `OpenAPIDocumentTests`.
struct OpenAPIController: Sendable {
    /// The document's bytes, read once from the resource bundle SwiftPM puts next to the binary (the
    /// Dockerfile copies it along); `nil` if it was not installed. Looked up by hand because `Bundle.module`
    /// traps when the bundle is missing, and a badly installed binary should answer 500 here, not crash.
    static let document: ByteBuffer? = {
        let url = Bundle.main.bundleURL.appendingPathComponent("souk_SoukServer.resources/openapi.json")
        return (try? Data(contentsOf: url)).map { ByteBuffer(bytes: $0) }
    }()

    /// The document's `ETag`, made once.
    static let entityTag: EntityTag? = document.map { EntityTag(of: $0.readableBytesView) }

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .get(use: show)
    }

    @Sendable func show(request: Request, context: SoukRequestContext) async throws -> Response {
        guard let document = Self.document, let tag = Self.entityTag else {
            context.logger.error("The OpenAPI document is missing: souk_SoukServer.resources must sit next to souk.")
            throw APIError.unexpected
        }
        return .json(document, to: request) { tag }
    }
}
