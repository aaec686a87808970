import Logging
import Synchronization

/// Keeps every log line, so that tests can check what reached the logs.
struct CapturingLogHandler: LogHandler {
    final class Storage: Sendable {
        let lines = Mutex<[String]>([])
    }

    let storage: Storage
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        storage.lines.withLock { $0.append("\(event.level) \(event.message) \(rendered)") }
    }

    /// A trace-level logger and the lines it collects.
    static func logger() -> (Logger, Storage) {
        let storage = Storage()
        return (Logger(label: "test") { _ in CapturingLogHandler(storage: storage) }, storage)
    }
}
