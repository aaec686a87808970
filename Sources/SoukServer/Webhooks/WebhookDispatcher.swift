import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import SoukCore
import SoukProviders
import SoukStore

/// Sends webhook deliveries: claims the due ones (several Souk processes share them), POSTs each event signed
/// with its webhook's secret, and records the outcome. `notify` gets one attempt; `sync` is retried with
/// exponential backoff (capped) until it succeeds or `giveUpAfter` has passed. Redirects are not followed.
/// Requests that cause events never wait for this: the events are already committed.
struct WebhookDispatcher: Service {
    let webhooks: WebhookRepository
    /// Deliveries go through the provider calls' transport and its address guard.
    let clients: ProviderClients
    let settings: WebhookSettings
    let clock: any SoukClock
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let sent = await Task { await dispatchDue() }.value
                if sent == 0 { try? await Task.sleep(for: settings.pollInterval) }
            }
        }
    }

    /// Claims a batch and sends it; how many were claimed.
    private func dispatchDue() async -> Int {
        let claimed: [WebhookDispatch]
        do {
            claimed = try await webhooks.claim(
                now: clock.now(), lease: settings.timeout * 3, limit: settings.batch, logger: logger)
        } catch {
            logger.warning("Could not claim webhook deliveries", metadata: ["error": .string("\(error)")])
            return 0
        }
        await withTaskGroup(of: Void.self) { group in
            for dispatch in claimed { group.addTask { await send(dispatch) } }
        }
        return claimed.count
    }

    private func send(_ dispatch: WebhookDispatch) async {
        let attempt = UUID()
        let body = dispatch.event.envelope(
            webhook: dispatch.webhookID, delivery: dispatch.deliveryID, attempt: attempt, publishedAt: clock.now())
        var headers = [
            ("User-Agent", "Souk-Webhooks"),
            (WebhookSignature.header, WebhookSignature.sign(Data(body.utf8), secret: dispatch.secret)),
            ("Heroku-Webhook-Id", dispatch.deliveryID.lowercasedString),
        ]
        if let authorization = dispatch.authorization { headers.append(("Authorization", authorization)) }
        let outcome = await clients.deliver(
            to: dispatch.url, body: ByteBuffer(string: body), headers: headers, timeout: settings.timeout,
            logger: logger)
        var code: Int?
        var errorClass: String?
        switch outcome {
        case .success(let status):
            code = status
            if !(200..<300).contains(status) { errorClass = "http_status" }
        case .failure(let error):
            errorClass = Self.errorClass(error)
        }
        let now = clock.now()
        var status = WebhookDelivery.Status.succeeded
        var retryAt: Date?
        if errorClass != nil {
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

    /// The delivery's `error_class` when no HTTP status came back.
    static func errorClass(_ error: ProviderError) -> String {
        switch error {
        case .timedOut: "timeout"
        case .forbiddenAddress: "forbidden_address"
        case .unreachable(let reason) where reason.lowercased().contains("refused"): "connection_refused"
        case .unreachable: "connection_error"
        default: "invalid_response"
        }
    }
}
