import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// A webhook receiver on 127.0.0.1 that checks every delivery's signature on its own (HMAC-SHA256 of the exact
/// body, with the secret the test gives it) and answers as told: `status` for the next calls, or a hang.
final class WebhookReceiver: Sendable {
    struct Delivery: Sendable {
        var body: [String: Any] { (try? JSONSerialization.jsonObject(with: raw)) as? [String: Any] ?? [:] }
        var raw: Data
        var headers: HTTPFields
        var signatureValid: Bool
        var answered: Int
    }

    enum Answer: Sendable {
        case status(Int)
        case hang(Duration)
    }

    private struct State {
        var port = 0
        var secret = ""
        var deliveries: [Delivery] = []
        var answers: [Answer] = []
    }

    private let state = Mutex(State())

    var url: String { "http://127.0.0.1:\(state.withLock { $0.port })/hooks" }
    var deliveries: [Delivery] { state.withLock { $0.deliveries } }

    /// Events as received, in order: `resource`, `action`.
    var events: [(resource: String, action: String)] {
        deliveries.filter { $0.answered / 100 == 2 }.map {
            ($0.body["resource"] as? String ?? "", $0.body["action"] as? String ?? "")
        }
    }

    func expect(secret: String) { state.withLock { $0.secret = secret } }

    /// The next calls are answered with `answers`, in turn; then 200.
    func answer(_ answers: Answer...) { answer(contentsOf: answers) }
    func answer(contentsOf answers: [Answer]) { state.withLock { $0.answers += answers } }

    static func run<T>(_ body: (WebhookReceiver) async throws -> T) async throws -> T {
        let receiver = WebhookReceiver()
        return try await serveOnLoopback(context: BasicRequestContext.self) { request, _ in
            try await receiver.receive(request)
        } _: { port in
            receiver.state.withLock { $0.port = port }
            return try await body(receiver)
        }
    }

    private func receive(_ request: Request) async throws -> Response {
        let raw = Data((try await request.body.collect(upTo: 1 << 20)).readableBytesView)
        let (secret, answer) = state.withLock { state -> (String, Answer) in
            (state.secret, state.answers.isEmpty ? .status(200) : state.answers.removeFirst())
        }
        let mac = HMAC<SHA256>.authenticationCode(for: raw, using: SymmetricKey(data: Data(secret.utf8)))
        let expected = Data(mac).base64EncodedString()
        let signature = request.headers[HTTPField.Name("Heroku-Webhook-Hmac-SHA256")!]
        var status = 200
        if case .status(let code) = answer { status = code }
        // Recorded as it arrives, so that the order is the sender's even when an answer is held back; a held
        // answer counts as none (`answered` 0): the sender has given up on it by then.
        let answered = if case .hang = answer { 0 } else { status }
        state.withLock {
            $0.deliveries.append(
                Delivery(raw: raw, headers: request.headers, signatureValid: signature == expected, answered: answered))
        }
        if case .hang(let duration) = answer { try await Task.sleep(for: duration) }
        return Response(status: .init(code: status))
    }
}
