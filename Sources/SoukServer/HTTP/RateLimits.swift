/// The three budgets `AuthMiddleware` meters: per account, per add-on service on the partner API, and
/// failed sign-ins per client address; and the dashboard's failed sign-ins per account and per address.
struct RateLimits: Sendable {
    let accounts: RateLimiter
    let partners: RateLimiter
    let authenticationFailures: RateLimiter
    let dashboardFailuresPerAccount: RateLimiter
    let dashboardFailuresPerAddress: RateLimiter
    let dashboardSignUpsPerAddress: RateLimiter

    var all: [RateLimiter] {
        [
            accounts, partners, authenticationFailures, dashboardFailuresPerAccount, dashboardFailuresPerAddress,
            dashboardSignUpsPerAddress,
        ]
    }
}
