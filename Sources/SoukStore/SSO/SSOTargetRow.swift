import Foundation
import NIOCore

/// What both single sign-on target statements select, and the row it makes.
enum SSOTargetRow {
    static let columns = """
        a.id, a.name, a.state, a.provider_id, a.app_name, ctx.id, ctx.name, s.id, s.slug, s.human_name,
        s.flavour, COALESCE(a.provider_dashboard_url, s.production_sso_url), s.sealed_sso_salt
        """

    typealias Row = (
        UUID, String, String, String?, String, UUID, String, UUID, String, String, String, String?, ByteBuffer
    )
}
