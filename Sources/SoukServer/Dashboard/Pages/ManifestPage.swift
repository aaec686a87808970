/// `/dashboard/provider/manifest`: the form that pushes a manifest, with what was typed and what was wrong.
struct ManifestPage: Sendable {
    var manifest: String
    var errors: ErrorList
}
