import Crypto
import Foundation
import HTTPTypes
import Logging
import NIOPosix
import SoukCore
import SoukStore

/// Signing in to the dashboard, by email and password or by API key, and the sessions that follow. A session
/// is a random token in the browser's cookie; the database keeps only its digest.
///
/// Failed sign-ins spend two budgets, the account's and the client address's, and either one spent refuses
/// further tries, right or wrong, until it refills. An unknown email costs as much time as a wrong password,
/// so the answer's timing doesn't tell which emails have accounts.
struct DashboardSessions: Sendable {
    let accounts: AccountRegistry
    let sessions: DashboardSessionRepository
    let settings: DashboardSettings
    let failuresPerAccount: RateLimiter
    let failuresPerAddress: RateLimiter
    let signUpsPerAddress: RateLimiter
    /// A hash no password matches in practice, made at start-up, checked when there is no real one to check.
    let decoyHash: String

    var passwords: PasswordHash { PasswordHash(logRounds: settings.scryptLogRounds) }

    init(
        accounts: AccountRegistry, sessions: DashboardSessionRepository, settings: DashboardSettings,
        failuresPerAccount: RateLimiter, failuresPerAddress: RateLimiter, signUpsPerAddress: RateLimiter
    ) {
        self.accounts = accounts
        self.sessions = sessions
        self.settings = settings
        self.failuresPerAccount = failuresPerAccount
        self.failuresPerAddress = failuresPerAddress
        self.signUpsPerAddress = signUpsPerAddress
        let random = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64URLEncodedString()
        decoyHash = (try? PasswordHash(logRounds: settings.scryptLogRounds).hash(random)) ?? ""
    }

    /// A session just opened: its token goes into the cookie and nowhere else.
    struct Opened: Sendable {
        var account: Account
        var token: String
    }

    static let invalidCredentials = "That email and password don't match an account."

    func signIn(email: String, password: String, client: String, logger: Logger) async throws -> Opened {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        try checkBudgets(email: email, client: client)
        let found = try await accounts.repository.passwordAccount(email: email, logger: logger)
        // An account without a password, or none at all, is checked against a throw-away hash all the same.
        let stored = found?.hash ?? decoyHash
        let matches = try await Self.offload { PasswordHash.verify(password, against: stored) }
        guard let account = found?.account, found?.hash != nil, matches else {
            spendFailure(email: email, client: client)
            throw SoukError.unauthorized(Self.invalidCredentials)
        }
        return try await open(for: account, logger: logger)
    }

    func signIn(apiKey: String, client: String, logger: Logger) async throws -> Opened {
        try checkBudgets(email: nil, client: client)
        guard let account = try await accounts.authenticate(apiKey: apiKey, logger: logger) else {
            spendFailure(email: nil, client: client)
            throw SoukError.unauthorized("That API key doesn't open an account.")
        }
        return try await open(for: account, logger: logger)
    }

    /// A new account with a password, signed in. The key every account is made with is never shown: a
    /// redirect's flash would carry it in a cookie. The account page makes keys, each shown once. Every try
    /// spends the address's sign-up budget, refused ones too: each costs a hash.
    func signUp(email: String, password: String, client: String, logger: Logger) async throws -> Opened {
        let budget = signUpsPerAddress.spend(client)
        guard budget.allowed else {
            let minutes = budget.retryAfter / 60 + 1
            throw Self.tooMany(
                "Too many sign-ups from this address. Try again in \(minutes) minutes.", budget.retryAfter)
        }
        try PasswordHash.validate(password)
        let hash = try await Self.offload { try passwords.hash(password) }
        let (account, _) = try await accounts.create(email: email, role: .user, passwordHash: hash, logger: logger)
        return try await open(for: account, logger: logger)
    }

    /// The signed-in account of a session token, if the session is alive.
    func account(token: String, logger: Logger) async throws -> Account? {
        guard token.utf8.count == 43 else { return nil }
        return try await sessions.account(tokenDigest: SecretHash.sha256(token), logger: logger)
    }

    func signOut(token: String, logger: Logger) async throws {
        try await sessions.close(tokenDigest: SecretHash.sha256(token), logger: logger)
    }

    /// A new password. From the dashboard (`session` set) the current one must be given when there is one, and
    /// the account's other sessions end; through the API the key is proof enough, and every session ends.
    func changePassword(
        of account: Account, to password: String, current: String?, session: String?, logger: Logger
    ) async throws {
        try PasswordHash.validate(password)
        if session != nil, let stored = try await accounts.repository.passwordHash(of: account.id, logger: logger) {
            let given = current ?? ""
            guard try await Self.offload({ PasswordHash.verify(given, against: stored) }) else {
                throw SoukError.forbidden("The current password is wrong.")
            }
        }
        let hash = try await Self.offload { try passwords.hash(password) }
        try await accounts.repository.setPassword(
            hash, of: account.id, keeping: session.map(SecretHash.sha256), logger: logger)
    }

    private func open(for account: Account, logger: Logger) async throws -> Opened {
        let token = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64URLEncodedString()
        let expiresAt = Date.now.addingTimeInterval(settings.sessionLifetime.inSeconds)
        try await sessions.open(
            tokenDigest: SecretHash.sha256(token), account: account.id, expiresAt: expiresAt, logger: logger)
        return Opened(account: account, token: token)
    }

    private func checkBudgets(email: String?, client: String) throws {
        let byAccount = email.map { failuresPerAccount.check($0) }
        let byAddress = failuresPerAddress.check(client)
        let refusals = [byAccount, byAddress].compactMap { $0 }.filter { !$0.allowed }
        if let wait = refusals.map(\.retryAfter).max() {
            throw Self.tooMany("Too many failed sign-ins. Try again in \(wait / 60 + 1) minutes.", wait)
        }
    }

    /// 429 with `Retry-After: seconds`.
    private static func tooMany(_ message: String, _ seconds: Int) -> APIError {
        var error = APIError(status: .tooManyRequests, id: "rate_limit", message: message)
        error.headers[.retryAfter] = String(seconds)
        return error
    }

    private func spendFailure(email: String?, client: String) {
        if let email { _ = failuresPerAccount.spend(email) }
        _ = failuresPerAddress.spend(client)
    }

    /// scrypt takes 0.4 s of one core: on NIO's pool (a thread per core), off the cooperative pool, so other
    /// requests keep flowing and at most one hash per core, 32 MiB each, runs at once; more sign-ins queue.
    static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(work)
    }
}
