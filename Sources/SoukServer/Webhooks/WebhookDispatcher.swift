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
            var nextPrune = clock.now()
            while !Task.isCancelled {
                if clock.now() >= nextPrune {
                    await prune()
                    nextPrune = clock.now().addingTimeInterval(Self.pruneInterval)
                }
                let sent = await Task { await dispatchDue() }.value
                if sent == 0 { try? await Task.sleep(for: settings.pollInterval) }
            }
        }
    }

    /// Seconds between two prunings of old events.
    static let pruneInterval: TimeInterval = 3600

    /// Deletes the events older than the retention, a batch at a time, so that no statement runs long.
    private func prune() async {
        let cutoff = clock.now().addingTimeInterval(-settings.retention.inSeconds)
        do {
            while try await webhooks.prune(before: cutoff, limit: 5000, logger: logger) == 5000, !Task.isCancelled {}
        } catch {
            logger.warning("Could not prune old webhook events", metadata: ["error": .string("\(error)")])
        }
    }

    /// Claims a batch and sends it: each webhook's deliveries one after another in their order, the webhooks side
    /// by side. How many were claimed.
    private func dispatchDue() async -> Int {
        let claimed: [WebhookDispatch]
        do {
            claimed = try await webhooks.claim(
                now: clock.now(), lease: settings.timeout * 3, webhooks: settings.batch,
                perWebhook: settings.batchPerWebhook, logger: logger)
        } catch {
            logger.warning("Could not claim webhook deliveries", metadata: ["error": .string("\(error)")])
            return 0
        }
        let runs = Dictionary(grouping: claimed, by: \.webhookID).values.map {
            $0.sorted { $0.event.sequence < $1.event.sequence }
        }
        await withTaskGroup(of: Void.self) { group in
            for run in runs { group.addTask { await send(run) } }
        }
        return claimed.count
    }

    /// Sends one webhook's deliveries in order and records them together. A `sync` delivery to be retried holds
    /// back the ones after it, which are released unsent; so are those left when the run has taken a whole
    /// timeout, which keeps the run, its last attempt included, inside the claim's lease.
    private func send(_ run: [WebhookDispatch]) async {
        let budget = ContinuousClock.now + settings.timeout
        var attempts: [WebhookAttempt] = []
        var holding = false
        for dispatch in run {
            holding = holding || (!attempts.isEmpty && ContinuousClock.now >= budget)
            if holding {
                attempts.append(WebhookAttempt(dispatch, .released))
                continue
            }
            let outcome = await attempt(dispatch)
            if case .sent(_, _, _, .retrying, _) = outcome { holding = true }
            attempts.append(WebhookAttempt(dispatch, outcome))
        }
        do {
            try await webhooks.record(attempts, at: clock.now(), logger: logger)
        } catch {
            logger.warning(
                "Could not record webhook attempts; their lease brings them back",
                metadata: [
                    "webhook_id": .string(run.first?.webhookID.lowercasedString ?? ""), "error": .string("\(error)"),
                ])
        }
    }

    /// One POST of a delivery, and where the delivery goes from there.
    private func attempt(_ dispatch: WebhookDispatch) async -> WebhookAttempt.Outcome {
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
        return .sent(attemptID: attempt, code: code, errorClass: errorClass, status: status, retryAt: retryAt)
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
