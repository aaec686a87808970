import Foundation
import NIOCore
import SoukCore

/// A provider's answer as received. Providers label JSON `text/html`, `text/plain` or not at all, so the
/// body is read by its content and the Content-Type is ignored.
struct ProviderReply: Sendable {
    var status: Int
    /// `nil` when the body exceeded the size cap.
    var body: ByteBuffer?
    /// The `Retry-After` header as sent (brokers pace polling with it).
    var retryAfter: String? = nil

    static let plainTextLimit = 200
    static let messageLimit = 500

    var isSuccess: Bool { (200..<300).contains(status) }

    /// The body as a JSON object, or why it is not one.
    func decodedObject() throws(ProviderError) -> ProviderResponseBody {
        guard let body else { throw .invalidResponse("the body is larger than the size cap") }
        do {
            return try JSONDecoder().decode(ProviderResponseBody.self, from: Data(body.readableBytesView))
        } catch {
            throw .invalidResponse("the body is not a JSON object")
        }
    }

    /// The error for a non-2xx answer. A 404 or 410 on removal never gets here: that is success.
    func failure() -> ProviderError {
        switch status {
        case 401: .unauthorized
        case 410: .gone
        case 300..<400: .failed(status: status, message: nil)
        case 400..<500:
            .refused(
                status: status,
                message: providerMessage() ?? "The add-on provider refused the request (HTTP \(status))."
            )
        default: .failed(status: status, message: providerMessage())
        }
    }

    /// The body's `message`, else `error`, else `description`; for a body that is no JSON object, short plain
    /// text. Never HTML.
    func providerMessage() -> String? {
        guard let body, body.readableBytes > 0 else { return nil }
        if let object = try? decodedObject() {
            return [object.message, object.error, object.descriptionText].lazy.compactMap(Self.clean).first
        }
        let text = String(decoding: body.readableBytesView, as: UTF8.self)
        guard let cleaned = Self.clean(text), cleaned.count <= Self.plainTextLimit,
            !cleaned.hasPrefix("{"), !cleaned.hasPrefix("[")  // broken JSON such as `{message: "Invalid token"}`
        else { return nil }
        return cleaned
    }

    /// Whitespace collapsed; `nil` when empty or when it looks like markup.
    private static func clean(_ text: String?) -> String? {
        guard let text else { return nil }
        let collapsed = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
        guard !collapsed.isEmpty, !collapsed.contains("<"), !collapsed.contains(where: \.isASCIIControl) else {
            return nil
        }
        return collapsed.count > messageLimit ? String(collapsed.prefix(messageLimit - 1)) + "…" : collapsed
    }
}

extension Character {
    fileprivate var isASCIIControl: Bool { unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }
}
