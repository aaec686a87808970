import Foundation
import SoukCore
#if canImport(Glibc)
import Glibc
#endif

/// A POST-style sign-on as a local file: a form of the hand-off's params that posts itself to the provider,
/// with a button for browsers without scripts. It holds short-lived tokens, so only its owner may read it.
struct SSOPage {
    var handOff: SSOHandOff

    /// The one script; the platform's hand-off page runs the same, so the same hash allows it.
    static let script = "HTMLFormElement.prototype.submit.call(document.forms[0]);"
    static let scriptHash = "sha256-Zd9Ppkm6KJvfEle1ogzptKkD+DOonO1DYBPhi02doj8="

    var html: String {
        let inputs = handOff.params.sorted { $0.key < $1.key }.map { name, value in
            "<input type=\"hidden\" name=\"\(Self.escape(name))\" value=\"\(Self.escape(value))\">"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src '\(Self.scriptHash)'">
            <meta name="referrer" content="no-referrer">
            <title>Signing in…</title>
            </head>
            <body>
            <form method="post" action="\(Self.escape(handOff.action))">
            \(inputs.joined(separator: "\n"))
            <p>Taking you to the add-on's dashboard…</p>
            <button type="submit">Continue</button>
            </form>
            <script>\(Self.script)</script>
            </body>
            </html>

            """
    }

    /// Safe inside element content and quoted attribute values.
    static func escape(_ string: String) -> String {
        var escaped = ""
        for character in string {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Writes the page to a new file in the temporary directory, mode 0600 from its creation; returns its path.
    func write() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("souk-sso-\(UUID().uuidString.lowercased()).html").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw CLIError.message("Could not write \(path): \(String(cString: strerror(errno))).")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: Data(html.utf8))
        try handle.close()
        return path
    }
}
