import Foundation
import Hummingbird
import Store

/// The body of `POST /v1/sql`.
struct SQLRequest: Decodable {
    var query: String
    /// Statement timeout in milliseconds; at most the server's (default 10 s).
    var timeoutMs: Int?
    /// Row cap; at most the server's (default 1,000).
    var maxRows: Int?
}

extension ServiceApplication {
    /// `POST /v1/sql`: the guard of `preflexor sql` (`ReaderSession.run`): one SELECT, WITH,
    /// VALUES, TABLE or EXPLAIN statement, as preflexor_reader, in a READ ONLY transaction,
    /// with a statement timeout and a row cap. Refusals are 403 `sql_refused`, the timeout
    /// 408 `sql_timeout`, other query errors 400 `sql_error` with PostgreSQL's message.
    static func addSQLRoutes(_ router: Router<ServiceRequestContext>, _ service: ServiceContext) {
        router.post("/v1/sql") { request, context in
            try context.require(.reader)
            let body = try await JSONIO.decode(SQLRequest.self, from: request, limit: service.configuration.maxJSONBody)
            let limit = service.configuration
            var timeout = limit.sqlTimeout
            if let ms = body.timeoutMs {
                guard ms > 0 else { throw ServiceError(.invalidRequest, "'timeout_ms' must be positive") }
                timeout = min(timeout, .milliseconds(ms))
            }
            let rows = min(limit.sqlMaxRows, body.maxRows ?? limit.sqlMaxRows)
            guard rows > 0 else { throw ServiceError(.invalidRequest, "'max_rows' must be positive") }
            do {
                let result = try await service.reader.run(body.query, options: .init(timeout: timeout, maxRows: rows))
                return JSONIO.queryResult(result)
            } catch let error as StoreError where error.code == .queryFailed {
                throw ServiceError(.sqlError, error.message)
            }
        }
    }
}
