import Foundation
import SoukCore

#if canImport(Glibc)
    import Glibc
#endif

/// A POST-style sign-on as a local file: the platform's `SSOHandOffPage`. It holds short-lived tokens, so only
/// its owner may read it.
struct SSOPage {
    var handOff: SSOHandOff

    /// Writes the page to a new file in the temporary directory, mode 0600 from its creation; returns its path.
    func write() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("souk-sso-\(UUID().lowercasedString).html").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw CLIError.message("Could not write \(path): \(String(cString: strerror(errno))).")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: Data(SSOHandOffPage(handOff: handOff).html.utf8))
        try handle.close()
        return path
    }
}
