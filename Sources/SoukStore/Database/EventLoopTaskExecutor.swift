import NIOCore
import Synchronization

/// Runs a task's jobs on a NIO event loop: the loop of the connection a lease holds (`Database.withConnection`),
/// so that each statement is written, and its answer read, on the thread that owns the socket. On the global
/// executor every round trip also woke the loop to write and a worker to resume the task with the answer: an
/// install switched threads about 96 times at one connection, and 63 times on its connections' loops.
final class EventLoopTaskExecutor: TaskExecutor, Sendable {
    let eventLoop: any EventLoop

    private init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// The executor of `eventLoop`: one per loop, kept for the process's life, so that no job outlives its executor.
    static func of(_ eventLoop: any EventLoop) -> EventLoopTaskExecutor {
        executors.withLock { executors in
            if let executor = executors[ObjectIdentifier(eventLoop)] { return executor }
            let executor = EventLoopTaskExecutor(eventLoop: eventLoop)
            executors[ObjectIdentifier(eventLoop)] = executor
            return executor
        }
    }

    private static let executors = Mutex<[ObjectIdentifier: EventLoopTaskExecutor]>([:])
}
