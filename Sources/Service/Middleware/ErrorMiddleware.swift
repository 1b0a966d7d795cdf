import Hummingbird

/// Turns every error below it into the service's JSON error body (`ServiceError.from`).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            // PostgreSQL text cannot hold U+0000: a NUL in the path or query is bad input, not a
            // server error (found by schemathesis: GET /v1/entities?q=%00).
            if request.uri.description.range(of: "%00") != nil {
                throw ServiceError(.invalidRequest, "the request's path or query contains a NUL character (%00), which no text field can hold")
            }
            return try await next(request, context)
        } catch {
            return ServiceError.from(error, logger: context.logger).response()
        }
    }
}
