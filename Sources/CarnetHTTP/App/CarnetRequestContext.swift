import CarnetCore
import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core storage plus who is calling.
public struct CarnetRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthMiddleware` on API routes, by `WebSessionMiddleware` on pages.
    public var actor: Actor?
    /// The browser session of a signed-in page request.
    var web: WebSessionState?

    /// The peer's address (counting failed sign-ins per client).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The authenticated caller; 401 when there is none.
    public func requireActor() throws -> Actor {
        guard let actor else { throw CarnetError.unauthenticated("Send an API token: Authorization: Bearer <token> (create one with `carnet token create EMAIL`).") }
        return actor
    }

    /// The authenticated caller if their role allows `permission`; 401 or 403 otherwise.
    public func require(_ permission: Permission) throws -> Actor {
        let actor = try requireActor()
        try actor.require(permission)
        return actor
    }
}
