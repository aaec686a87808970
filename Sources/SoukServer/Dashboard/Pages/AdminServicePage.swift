/// `/dashboard/admin/services/{slug}`: one service's state and Souk's calls to its provider.
struct AdminServicePage: Sendable {
    var slug: String
    var name: String
    var state: String
    var calls: CallLog
}
