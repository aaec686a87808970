/// How the dashboard keeps its visitors: session lifetime, cookie flags and the sign-in and sign-up budgets.
struct DashboardSettings: Sendable {
    /// A session ends this long after sign-in (`SOUK_DASHBOARD_SESSION_HOURS`, default 12).
    var sessionLifetime: Duration
    /// Cookies carry `Secure` outside development and test, where Souk is served over plain HTTP on loopback.
    var secureCookies: Bool
    /// Failed sign-ins allowed per account and hour (`SOUK_DASHBOARD_SIGN_IN_FAILURES_PER_ACCOUNT`, default 10).
    var failuresPerAccountPerHour: Int
    /// Failed sign-ins allowed per client address and hour (`SOUK_DASHBOARD_SIGN_IN_FAILURES_PER_ADDRESS`, default 50).
    var failuresPerAddressPerHour: Int
    /// Sign-ups allowed per client address and hour (`SOUK_DASHBOARD_SIGN_UPS_PER_ADDRESS`, default 10): each
    /// costs a password hash and an account.
    var signUpsPerAddressPerHour: Int
    /// scrypt's cost, log2 N (`SOUK_DASHBOARD_SCRYPT_LOG_N`, default 15: 32 MiB and about 0.4 s a hash). Tests
    /// lower it; a higher one applies to passwords set from then on, older hashes keep theirs.
    var scryptLogRounds: Int
}
