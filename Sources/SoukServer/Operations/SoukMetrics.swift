import CoreMetrics
import Prometheus

/// What `GET /metrics` shows: a Prometheus registry of this process's own, filled through swift-metrics.
/// Each part of Souk gets `factory` and makes its own counters, timers and meters with it; nothing goes
/// through the process-wide `MetricsSystem`, so two Souks in one process (as in the tests) keep apart.
final class SoukMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        // From a cached config read (~1 ms) to a provider's 30 s timeout.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
        ]
        self.factory = factory
    }

    /// The Prometheus text exposition of every metric so far.
    func exposition() -> [UInt8] { registry.emitToBuffer() }
}
