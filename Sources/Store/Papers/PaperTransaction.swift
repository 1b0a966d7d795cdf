import Foundation
import Logging
import PostgresNIO

/// The open transaction of one paper being stored, as `PaperRepository.store` hands it to
/// its `afterInsert` step: derived rows (chunk vectors, the paper's graph) are written
/// through it so they commit or roll back with the paper. Callers outside Store never see
/// the underlying connection.
public struct PaperTransaction: Sendable {
    let connection: PostgresConnection
    let logger: Logger
    /// The new paper's id.
    public let paperID: Int64
    /// The new paper's chunk ids by chunk ordinal.
    public let chunkIDs: [Int: Int64]

    init(connection: PostgresConnection, logger: Logger, paperID: Int64, chunkIDs: [Int: Int64]) {
        self.connection = connection
        self.logger = logger
        self.paperID = paperID
        self.chunkIDs = chunkIDs
    }

    /// Writes chunk vectors: `flat` is `[ordinals.count * dimension]`, one row per chunk
    /// ordinal in `ordinals` order (ordinals without a chunk id are a conflict).
    public func writeChunkEmbeddings(ordinals: [Int], flat: [Float], dimension: Int, model: String) async throws {
        var ids: [Int64] = []
        ids.reserveCapacity(ordinals.count)
        for ordinal in ordinals {
            guard let id = chunkIDs[ordinal] else {
                throw StoreError(.conflict, "paper \(paperID) has no chunk \(ordinal) to attach a vector to")
            }
            ids.append(id)
        }
        try await EmbeddingRepository.writeChunks(
            ids: ids, flat: flat, dimension: dimension, model: model, on: connection, logger: logger)
    }

    /// Writes the paper's graph (see `GraphRepository.write(_:paperID:chunkIDs:on:logger:)`).
    @discardableResult
    public func writeGraph(_ record: GraphRecord) async throws -> GraphWriteSummary {
        try await GraphRepository.write(record, paperID: paperID, chunkIDs: chunkIDs, on: connection, logger: logger)
    }
}
