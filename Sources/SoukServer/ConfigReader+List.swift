import Configuration
import Foundation

extension ConfigReader {
    /// A comma-separated setting as its entries, each trimmed, empty ones dropped; none when unset.
    func commaSeparated(forKey key: ConfigKey, isSecret: Bool = false) -> [String] {
        (string(forKey: key, isSecret: isSecret) ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
