import Foundation

/// Runs blocking work (pipe reads, waiting for a process) on a thread of its own: on the cooperative pool,
/// two threads on a 2-core machine, it would stall every test and server in the process meanwhile.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: work()) }
    }
}
