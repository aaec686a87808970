/// The verdict on a pushed manifest: the normalised manifest, or every problem found in it, each against its
/// field. Warnings never refuse a manifest; they tell the provider what Souk will do about something unusual.
public struct ManifestValidation: Sendable, Equatable {
    /// Non-nil exactly when `errors` is empty.
    public var manifest: AddonManifest?
    public var errors: [FieldError]
    public var warnings: [String]

    public init(manifest: AddonManifest?, errors: [FieldError], warnings: [String] = []) {
        self.manifest = errors.isEmpty ? manifest : nil
        self.errors = errors
        self.warnings = warnings
    }

    public var isValid: Bool { manifest != nil }
}
