extension Duration {
    /// The duration as fractional seconds, for SQL intervals, backoff arithmetic and logs.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
