/// What follows `--` in `addons:create`, as the Heroku CLI reads it: `--size=large` and `--size large` give
/// `size: large`; a bare `--flag` gives `flag: true`.
enum ProviderOptions {
    static func parse(_ words: [String]) throws -> [String: String] {
        var options: [String: String] = [:]
        var words = words[...]
        while let word = words.popFirst() {
            guard word.hasPrefix("--"), word.count > 2 else {
                throw CLIError.message("Unexpected add-on option \(word): options look like --name=value.")
            }
            let option = word.dropFirst(2)
            if let equals = option.firstIndex(of: "=") {
                options[String(option[..<equals])] = String(option[option.index(after: equals)...])
            } else if let value = words.first, !value.hasPrefix("--") {
                options[String(option)] = value
                words = words.dropFirst()
            } else {
                options[String(option)] = "true"
            }
        }
        return options
    }
}
