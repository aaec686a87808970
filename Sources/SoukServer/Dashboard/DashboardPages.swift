import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// The dashboard's templates (`Templates/*.mustache`, in the resource bundle beside the binary), rendered into
/// responses. Mustache escapes every `{{value}}` for HTML; the templates use no triple braces.
struct DashboardPages: Sendable {
    let library: MustacheLibrary
    /// The stylesheet and script, served from memory.
    let assets: [String: ByteBuffer]

    struct MissingResources: Error, CustomStringConvertible {
        var path: String
        var description: String { "The dashboard's templates are missing: \(path) must sit next to souk." }
    }

    static let resources = Bundle.main.bundleURL.appendingPathComponent("souk_SoukServer.resources")

    static func load() async throws -> DashboardPages {
        let templates = resources.appendingPathComponent("Templates")
        guard FileManager.default.fileExists(atPath: templates.path) else {
            throw MissingResources(path: templates.path)
        }
        let library = try await MustacheLibrary(directory: templates.path)
        var assets: [String: ByteBuffer] = [:]
        let folder = resources.appendingPathComponent("Assets")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            assets[name] = ByteBuffer(bytes: data)
        }
        return DashboardPages(library: library, assets: assets)
    }

    func render<Page: Sendable>(
        _ template: String, _ page: Page, chrome: Chrome, status: HTTPResponse.Status = .ok
    ) -> Response {
        let html = library.render(PageFrame(chrome: chrome, page: page), withTemplate: template) ?? ""
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
