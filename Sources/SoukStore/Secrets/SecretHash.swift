import Crypto

/// API keys are stored only as SHA-256 hashes and looked up by hash. A key is a long random token, so a
/// fast unsalted hash is enough: there is nothing to guess, and the lookup stays one index probe.
public enum SecretHash {
    public static func sha256(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(token.utf8)))
    }

    /// Compares without stopping at the first difference, so timing doesn't reveal how much matched.
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices {
            difference |= a[index] ^ b[index]
        }
        return difference == 0
    }
}
