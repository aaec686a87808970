extension PrivateCluster {
    /// A primary and a hot standby streaming from it (with commits waiting for the standby if `synchronous`),
    /// for `body`; both are destroyed afterwards, whatever happened.
    static func withStandby<T>(
        synchronous: Bool = false, _ body: (_ primary: PrivateCluster, _ standby: PrivateCluster) async throws -> T
    ) async throws -> T {
        let primary = try await start()
        var standby: PrivateCluster?
        do {
            let replica = try await primary.startStandby()
            standby = replica
            if synchronous { try await primary.requireSynchronousStandby() }
            let result = try await body(primary, replica)
            try await replica.destroy()
            try await primary.destroy()
            return result
        } catch {
            try? await standby?.destroy()
            try? await primary.destroy()
            throw error
        }
    }
}
