import CoreMetrics
import Synchronization

/// The per-route counters and timers of `RequestLogMiddleware`, made once per series and kept: making a
/// handle asks the Prometheus registry (a lock, the label strings built and sorted), which on a hot route
/// cost as much as the route's own work. Series are bounded by routes × methods × statuses.
final class HTTPMetricHandles: Sendable {
    private struct CounterKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private struct TimerKey: Hashable {
        var method: String
        var route: String
    }

    private let factory: any MetricsFactory
    private let counters = Mutex<[CounterKey: Counter]>([:])
    private let timers = Mutex<[TimerKey: Timer]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func requests(method: String, route: String, status: Int) -> Counter {
        let key = CounterKey(method: method, route: route, status: status)
        if let counter = counters.withLock({ $0[key] }) { return counter }
        let counter = Counter(
            label: "souk_http_requests_total",
            dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory
        )
        counters.withLock { $0[key] = counter }
        return counter
    }

    func duration(method: String, route: String) -> Timer {
        let key = TimerKey(method: method, route: route)
        if let timer = timers.withLock({ $0[key] }) { return timer }
        let timer = Timer(
            label: "souk_http_request_duration_seconds", dimensions: [("method", method), ("route", route)],
            factory: factory
        )
        timers.withLock { $0[key] = timer }
        return timer
    }
}
