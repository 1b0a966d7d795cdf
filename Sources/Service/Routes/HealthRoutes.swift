import Foundation
import Hummingbird

extension ServiceApplication {
    /// GET /healthz (the process answers), GET /readyz (the database answers), GET /metrics.
    static func addHealthRoutes(_ router: Router<ServiceRequestContext>, _ service: ServiceContext) {
        router.get("/healthz") { _, _ in
            try JSONIO.response(["status": "ok"])
        }
        router.get("/readyz") { _, _ in
            guard await service.database.ping() else {
                throw ServiceError(.unavailable, "the database does not answer")
            }
            return try JSONIO.response(["status": "ready"])
        }
        router.get("/metrics") { _, context in
            if !service.configuration.publicMetrics { try context.require(.reader) }
            let text = await ServiceMetrics.scrape(database: service.database)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
