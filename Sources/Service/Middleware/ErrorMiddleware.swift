import Hummingbird

/// Turns every error below it into the service's JSON error body (`ServiceError.from`).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return ServiceError.from(error, logger: context.logger).response()
        }
    }
}
