import Foundation
import NIOCore

/// What both single sign-on target statements select, and the row it makes. The last two columns are what
/// `SSOTargetCache` needs to know when to drop the target: the billing app and the apps the add-on is attached
/// to, one more than the cache keeps for (so that it knows when there are too many).
enum SSOTargetRow {
    static let columns = """
        a.id, a.name, a.state, a.provider_id, a.app_name, ctx.id, ctx.name, s.id, s.slug, s.human_name,
        s.flavour, COALESCE(a.provider_dashboard_url, s.production_sso_url), s.sealed_sso_salt, a.app_id,
        ARRAY(SELECT app_id FROM addon_attachments WHERE addon_id = a.id LIMIT \(SSOTargetCache.maximumApps + 1))
        """

    typealias Row = (
        UUID, String, String, String?, String, UUID, String, UUID, String, String, String, String?, ByteBuffer,
        UUID?, [UUID]
    )
}
