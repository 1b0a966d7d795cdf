import Hummingbird
import Metrics

/// Counts requests and records their latency per route template, method and status:
/// `preflexor_http_requests_total` and the histogram `preflexor_http_request_duration_seconds`.
/// Latency runs until the handler returns its response (a streamed body may go on after).
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            // Errors are turned into responses inside; this is only a safety net.
            record(request, context, status: 500, since: start)
            throw error
        }
        record(request, context, status: response.status.code, since: start)
        return response
    }

    func record(_ request: Request, _ context: Context, status: Int, since start: ContinuousClock.Instant) {
        let route = context.endpointPath ?? "unmatched"
        let dimensions = [("route", route), ("method", request.method.rawValue), ("status", String(status))]
        Counter(label: "preflexor_http_requests_total", dimensions: dimensions).increment()
        Metrics.Timer(label: "preflexor_http_request_duration_seconds", dimensions: dimensions).record(duration: ContinuousClock.now - start)
    }
}
