/// The checks of a conformance run, each printed as it completes: `✓ name`, `✗ name: reason`, or
/// `- name: skipped, reason` when an earlier failure left nothing to check it with.
struct ConformanceReport {
    private(set) var passed = 0
    private(set) var failed = 0
    private(set) var skipped = 0

    mutating func pass(_ check: String) {
        passed += 1
        Terminal.print("\(Terminal.styled("✓", .green)) \(check)")
    }

    mutating func fail(_ check: String, _ reason: String) {
        failed += 1
        Terminal.print("\(Terminal.styled("✗", .red)) \(check): \(reason)")
    }

    mutating func skip(_ check: String, _ reason: String) {
        skipped += 1
        Terminal.print(Terminal.styled("- \(check): skipped, \(reason)", .dim))
    }

    /// Passes when `problems` is empty, else fails with all of them.
    mutating func expect(_ check: String, problems: [String]) {
        if problems.isEmpty { pass(check) } else { fail(check, problems.joined(separator: "; ")) }
    }

    /// Something worth knowing that is no failure (kensa's warnings).
    func note(_ text: String) {
        Terminal.print(Terminal.styled("  ! \(text)", .yellow))
    }

    /// `12 passed, 0 failed`, and how many were skipped when any were.
    var summary: String {
        "\(passed) passed, \(failed) failed" + (skipped > 0 ? ", \(skipped) skipped" : "")
    }

    var isSuccess: Bool { failed == 0 && skipped == 0 }
}
