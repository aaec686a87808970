import Foundation
import Logging
import ServiceLifecycle
import SoukCore

/// Closes last month once it is over, as the job runner does on the first of each month: every Souk process
/// checks at start and then every `interval`; the close itself runs once however many ask.
struct BillingCloser: Service {
    let biller: Biller
    let interval: Duration
    let logger: Logger

    func run() async throws {
        var closed: BillingMonth?
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let previous = BillingMonth(containing: biller.clock.now()).previous
            if closed != previous {
                do {
                    _ = try await biller.close(previous, logger: logger)
                    closed = previous
                } catch {
                    logger.warning(
                        "Could not close the month; trying again later",
                        metadata: ["month": .string(previous.description), "error": .string("\(error)")])
                }
            }
            try? await gracefulShutdownOrSleep(for: interval)
        }
    }

    /// Sleeps for `duration`, or less when the service is asked to stop.
    private func gracefulShutdownOrSleep(for duration: Duration) async throws {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    }
}
