/// Samples of a Prometheus text exposition, read just enough to check values: `name{labels} value`.
struct PrometheusText {
    let text: String

    /// The value of the sample named `name` whose labels include `labels`; nil if there is none.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " ") else { continue }
            let series = line[..<space]
            let sampleName = series.prefix { $0 != "{" }
            guard sampleName == name else { continue }
            let labelText = series.dropFirst(sampleName.count)
            if labels.allSatisfy({ labelText.contains("\($0.key)=\"\($0.value)\"") }) {
                return Double(line[line.index(after: space)...])
            }
        }
        return nil
    }
}
