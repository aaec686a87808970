import Synchronization

/// Resumes a continuation with the first of several racing answers; the later ones are refused.
final class FirstAnswer<Answer: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<Answer, Never>?>(nil)

    func wait(with continuation: CheckedContinuation<Answer, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    /// Whether `answer` was the first, and so the one given.
    @discardableResult
    func give(_ answer: Answer) -> Bool {
        guard let continuation = continuation.withLock({ $0.take() }) else { return false }
        continuation.resume(returning: answer)
        return true
    }
}

/// Runs `operation` in a task of its own and returns its result, or nil if it fails or `deadline` passes
/// first. The operation is not cancelled but left to finish, and a result that comes too late goes to
/// `late` (to close what it opened): PostgresNIO's connects and queries don't all stop when cancelled,
/// and a probe must not hang with one.
func withinDeadline<Result: Sendable>(
    _ deadline: Duration,
    _ operation: @escaping @Sendable () async throws -> Result,
    late: @escaping @Sendable (Result) async -> Void
) async -> Result? {
    let answer = FirstAnswer<Result?>()
    return await withCheckedContinuation { continuation in
        answer.wait(with: continuation)
        let timer = Task {
            try await Task.sleep(for: deadline)
            answer.give(nil)
        }
        Task {
            let result = try? await operation()
            timer.cancel()
            if !answer.give(result), let result { await late(result) }
        }
    }
}
