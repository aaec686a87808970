/// How much work of one kind waits in the job queue, for `/metrics`.
public struct JobQueueLength: Sendable, Equatable {
    public var kind: Job.Kind
    /// Pending or running jobs, due or not.
    public var queued: Int
    /// How long the oldest due job has been due, in seconds; 0 when none is due.
    public var oldestDueSeconds: Double
}
