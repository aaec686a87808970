import Foundation
import SoukCore

/// A worker tried to record the end of a job it no longer holds: its lease ran out and another worker
/// claimed the job (or the job was finished meanwhile). The write is refused and its transaction rolls
/// back, so a worker that overran its lease can never overwrite what the job's current holder decided.
public struct JobLeaseLost: Error, Sendable, CustomStringConvertible {
    public var jobID: UUID

    public var description: String { "job \(jobID.lowercasedString) is no longer held by this worker" }
}
