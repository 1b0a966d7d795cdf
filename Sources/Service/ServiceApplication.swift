import Foundation
import Hummingbird
import Logging
import NIOCore
import Store

/// `preflexor serve`: the router with its middleware (metrics, JSON errors, bearer auth)
/// and every route, and the Hummingbird application that serves it.
public enum ServiceApplication {
    /// Paths that answer without a key.
    static func publicPaths(_ configuration: ServiceConfiguration) -> Set<String> {
        configuration.publicMetrics ? ["/healthz", "/readyz", "/metrics"] : ["/healthz", "/readyz"]
    }

    /// The router: middleware outermost first, then the routes by area.
    public static func router(_ service: ServiceContext) -> Router<ServiceRequestContext> {
        ServiceMetrics.bootstrap()
        let router = Router(context: ServiceRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware<ServiceRequestContext>())
        router.add(middleware: ErrorMiddleware<ServiceRequestContext>())
        router.add(middleware: AuthMiddleware(keys: APIKeyRepository(service.database), publicPaths: publicPaths(service.configuration)))
        addHealthRoutes(router, service)
        addSearchRoutes(router, service)
        addSQLRoutes(router, service)
        addGraphRoutes(router, service)
        addPaperRoutes(router, service)
        addJobRoutes(router, service)
        addKeyRoutes(router, service)
        addOpenAIRoutes(router, service)
        addTrainingRoutes(router, service)
        return router
    }

    /// The application on `service.configuration`'s host and port; `onRunning` receives the
    /// bound port (useful with port 0).
    public static func application(_ service: ServiceContext, logger: Logger = Logger(label: "preflexor.service"),
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let configuration = service.configuration
        let idle = configuration.idleTimeout.components
        return Application(
            router: router(service),
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(idle.seconds * 1_000_000_000 + idle.attoseconds / 1_000_000_000))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "preflexor"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }
}
