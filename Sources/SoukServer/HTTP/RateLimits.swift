/// The three budgets `AuthMiddleware` meters: per account, per add-on service on the partner API, and
/// failed sign-ins per client address.
struct RateLimits: Sendable {
    let accounts: RateLimiter
    let partners: RateLimiter
    let authenticationFailures: RateLimiter

    var all: [RateLimiter] { [accounts, partners, authenticationFailures] }
}
