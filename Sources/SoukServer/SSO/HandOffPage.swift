import HTTPTypes
import Hummingbird
import NIOCore
import SoukCore

/// The browser side of a hand-off: a 302 to a GET-style `action`, or a page whose form POSTs the params there,
/// submitted by a one-line script, with a button for browsers without scripts. Never cached, never framed, and
/// no Referer for the provider.
struct HandOffPage: ResponseGenerator {
    var handOff: SSOHandOff

    /// The one script the page runs. `form.submit` would be shadowed by a param named `submit`, hence the prototype.
    static let script = "HTMLFormElement.prototype.submit.call(document.forms[0]);"
    /// `sha256-` of `script`, base64; a test checks it.
    static let scriptHash = "sha256-Zd9Ppkm6KJvfEle1ogzptKkD+DOonO1DYBPhi02doj8="

    static let headers: HTTPFields = [
        .cacheControl: "no-store",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
        HTTPField.Name("X-Frame-Options")!: "DENY",
        .xContentTypeOptions: "nosniff",
    ]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = Self.headers
        switch handOff.method {
        case .get:
            headers[.location] = handOff.action
            return Response(status: .found, headers: headers)
        case .post:
            headers[.contentType] = "text/html; charset=utf-8"
            headers[.contentSecurityPolicy] =
                "default-src 'none'; script-src '\(Self.scriptHash)'; base-uri 'none'; frame-ancestors 'none'"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
        }
    }

    var html: String {
        let inputs = handOff.params.sorted { $0.key < $1.key }.map { name, value in
            "<input type=\"hidden\" name=\"\(Self.escape(name))\" value=\"\(Self.escape(value))\">"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Signing in…</title></head>
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
}
