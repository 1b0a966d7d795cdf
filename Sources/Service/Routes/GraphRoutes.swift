import Foundation
import Graph
import Hummingbird
import Store

/// The entity graph, as `preflexor graph search|neighbors|path|evidence --json`: the kg SQL
/// functions (GraphQueries) run as the reader; rows come back as `/v1/sql` returns them.
extension ServiceApplication {
    static func addGraphRoutes(_ router: Router<ServiceRequestContext>, _ service: ServiceContext) {
        @Sendable func run(_ query: BoundQuery) async throws -> Response {
            JSONIO.queryResult(try await service.reader.run(query))
        }
        router.get("/v1/entities") { request, context in
            try context.require(.reader)
            let q = try request.requiredQuery("q")
            return try await run(try GraphQueries.search(q, limit: try request.queryInt("limit", default: 20, range: 1...1000)))
        }
        router.get("/v1/entities/{name}/neighbors") { request, context in
            try context.require(.reader)
            let name = try context.parameters.require("name")
            let depth = try request.queryInt("depth", default: 1, range: 1...4)
            let known = Set(RelationPredicate.allCases.map(\.rawValue))
            let predicates = request.uri.queryParameters.getAll("predicate").map { $0.uppercased() }
            for p in predicates where !known.contains(p) {
                throw ServiceError(.invalidRequest, "unknown predicate \(p); one of \(known.sorted().joined(separator: ", "))")
            }
            return try await run(try GraphQueries.neighbors(
                name, depth: depth, predicates: predicates, limit: try request.queryInt("limit", default: 200, range: 1...10000),
                includeUnasserted: try request.queryBool("all")))
        }
        router.get("/v1/paths") { request, context in
            try context.require(.reader)
            return try await run(try GraphQueries.path(
                try request.requiredQuery("from"), try request.requiredQuery("to"),
                maxDepth: try request.queryInt("max_depth", default: 4, range: 1...6), includeUnasserted: try request.queryBool("all")))
        }
        router.get("/v1/evidence") { request, context in
            try context.require(.reader)
            return try await run(try GraphQueries.evidence(
                try request.requiredQuery("a"), try request.requiredQuery("b"),
                limit: try request.queryInt("limit", default: 50, range: 1...1000)))
        }
    }
}
