/// The page that completes a POST-style sign-on in a browser: a form of the hand-off's params that
/// posts itself to the provider, with a button for browsers without scripts. The server serves it at
/// `web_url`; the CLI writes it to a file for `addons:open`. One page, so both behave alike.
public struct SSOHandOffPage: Sendable {
    public var handOff: SSOHandOff

    public init(handOff: SSOHandOff) {
        self.handOff = handOff
    }

    /// The one script the page runs. `form.submit` would be shadowed by a param named `submit`, hence the prototype.
    public static let script = "HTMLFormElement.prototype.submit.call(document.forms[0]);"
    /// `sha256-` of `script`, base64; a test checks it.
    public static let scriptHash = "sha256-Zd9Ppkm6KJvfEle1ogzptKkD+DOonO1DYBPhi02doj8="
    public static let contentSecurityPolicy =
        "default-src 'none'; script-src '\(scriptHash)'; base-uri 'none'; frame-ancestors 'none'"

    public var html: String {
        let inputs = handOff.params.sorted { $0.key < $1.key }.map { name, value in
            "<input type=\"hidden\" name=\"\(Self.escape(name))\" value=\"\(Self.escape(value))\">"
        }
        // frame-ancestors is ignored in a meta policy; the server also sends the policy as a header.
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
    public static func escape(_ string: String) -> String {
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
}
