import PCMTDomain
import PCMTStore
import Vapor

/// The signed-in account or token behind a request, set by the authentication middlewares.
struct CurrentActor: Sendable {
    var principal: Principal
    var account: Account?
    var sessionID: UUID?
    var sessionSecret: String?
    /// The account's unread notices when the request came (for the menu).
    var unreadNotices: Int = 0
}

private struct CurrentActorKey: StorageKey {
    typealias Value = CurrentActor
}

extension Request {
    var actor: CurrentActor? {
        get { storage[CurrentActorKey.self] }
        set { storage[CurrentActorKey.self] = newValue }
    }

    var principal: Principal? { actor?.principal }

    /// The client address for the audit log and throttling: the connection's peer, or — only when the peer is a
    /// trusted proxy (`PCMT_TRUSTED_PROXIES`) — the first untrusted hop of `X-Forwarded-For` read from the right.
    var clientAddress: String {
        application.security.trustedProxies.client(peer: remoteAddress?.ipAddress, forwardedFor: headers[.xForwardedFor]) ?? "unknown"
    }

    var changeContext: ChangeContext {
        ChangeContext(actor: principal?.displayName ?? "anonymous", actorUnit: principal?.unit.code, address: clientAddress)
    }

    var isAPI: Bool { url.path.hasPrefix(SiteURL.apiPrefix) }
}
