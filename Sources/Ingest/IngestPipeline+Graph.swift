import Embedding
import Foundation
import Store

/// What `IngestPipeline.refreshGraph` did.
public struct GraphRefresh: Sendable, Codable, Equatable {
    /// Communities found over the whole graph.
    public var communities: Int
    /// Entities that got a vector.
    public var embeddedEntities: Int
}

extension IngestPipeline {
    /// The post-ingest steps over the whole graph, after papers were stored: Louvain
    /// communities and vectors for entities that have none yet (with a model). `preflexor
    /// ingest` runs it once at the end of a run that stored papers; the daemon runs it when
    /// its queue goes idle. Nil when the graph is off.
    @discardableResult
    public func refreshGraph() async throws -> GraphRefresh? {
        guard options.graph else { return nil }
        let communities = try await GraphBuilder.detectCommunities(database: database, cpu: options.cpu)
        var embedded = 0
        if let encoder {
            embedded = try await GraphBuilder.embedEntities(database: database, encoder: encoder, cpu: options.cpu)
        }
        return GraphRefresh(communities: communities, embeddedEntities: embedded)
    }
}
