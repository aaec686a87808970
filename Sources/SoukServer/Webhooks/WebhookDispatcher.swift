import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import SoukCore
import SoukStore

/// Sends webhook deliveries: claims the due ones (several Souk processes share them), POSTs each event signed
/// with its webhook's secret, and records the outcome. `notify` gets one attempt; `sync` is retried with
/// exponential backoff (capped) until it succeeds or `giveUpAfter` has passed. Redirects are not followed.
/// Requests that cause events never wait for this: the events are already committed.
struct WebhookDispatcher: Service {
    let webhooks: WebhookRepository
    let settings: WebhookSettings
    let clock: any SoukClock
    let logger: Logger

    func run() async throws {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(Int64(max(1, settings.timeout.inSeconds))), read: nil))
        configuration.httpVersion = .http1Only
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let sent = await Task { await dispatchDue(http) }.value
                if sent == 0 { try? await Task.sleep(for: settings.pollInterval) }
            }
        }
        try? await http.shutdown()
    }

    /// Claims a batch and sends it; how many were claimed.
    private func dispatchDue(_ http: HTTPClient) async -> Int {
        let claimed: [WebhookDispatch]
        do {
            claimed = try await webhooks.claim(
                now: clock.now(), lease: settings.timeout * 3, limit: settings.batch, logger: logger)
        } catch {
            logger.warning("Could not claim webhook deliveries", metadata: ["error": .string("\(error)")])
            return 0
        }
        await withTaskGroup(of: Void.self) { group in
            for dispatch in claimed { group.addTask { await send(dispatch, http: http) } }
        }
        return claimed.count
    }

    private func send(_ dispatch: WebhookDispatch, http: HTTPClient) async {
        let attempt = UUID()
        let body = dispatch.event.envelope(
            webhook: dispatch.webhookID, delivery: dispatch.deliveryID, attempt: attempt, publishedAt: clock.now())
        var request = HTTPClientRequest(url: dispatch.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Souk-Webhooks")
        request.headers.add(
            name: WebhookSignature.header, value: WebhookSignature.sign(Data(body.utf8), secret: dispatch.secret))
        request.headers.add(name: "Heroku-Webhook-Id", value: dispatch.deliveryID.lowercasedString)
        if let authorization = dispatch.authorization {
            request.headers.add(name: "Authorization", value: authorization)
        }
        request.body = .bytes(ByteBuffer(string: body))
        var code: Int?
        var errorClass: String?
        do {
            let response = try await http.execute(
                request, timeout: .seconds(Int64(settings.timeout.inSeconds.rounded(.up))))
            code = Int(response.status.code)
            _ = try? await response.body.collect(upTo: 64 * 1024)
            if !(200..<300).contains(Int(response.status.code)) { errorClass = "http_status" }
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            errorClass = "timeout"
        } catch {
            errorClass = Self.errorClass(error)
        }
        let succeeded = errorClass == nil
        let now = clock.now()
        var status = WebhookDelivery.Status.succeeded
        var retryAt: Date?
        if !succeeded {
            let tooOld = now.timeIntervalSince(dispatch.deliveryCreatedAt) >= settings.giveUpAfter.inSeconds
            if dispatch.level == .notify || tooOld {
                status = .failed
            } else {
                status = .retrying
                let factor = pow(2.0, Double(max(0, min(dispatch.attempt - 1, 30))))
                retryAt = now.addingTimeInterval(
                    min(settings.retryBase.inSeconds * factor, settings.maximumDelay.inSeconds))
            }
        }
        do {
            try await webhooks.record(
                dispatch, attemptID: attempt, code: code, errorClass: errorClass, status: status, retryAt: retryAt,
                at: now, logger: logger)
        } catch {
            logger.warning(
                "Could not record a webhook attempt; its lease brings it back",
                metadata: ["delivery_id": .string(dispatch.deliveryID.lowercasedString), "error": .string("\(error)")])
        }
    }

    /// `connection_refused`, `timeout`, `tls` or `connection_error`, for the delivery's `error_class`.
    static func errorClass(_ error: any Error) -> String {
        let text = String(describing: error).lowercased()
        if text.contains("refused") { return "connection_refused" }
        if text.contains("timeout") || text.contains("timed out") || text.contains("deadline") { return "timeout" }
        if text.contains("tls") || text.contains("ssl") || text.contains("certificate") { return "tls" }
        return "connection_error"
    }
}
