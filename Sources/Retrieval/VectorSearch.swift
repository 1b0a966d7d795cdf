import Embedding
import Foundation
import Store

/// Exact k-NN over the stored chunk embeddings of one model.
///
/// The vectors are held in memory (`VectorIndex`) and kept in step with PostgreSQL
/// incrementally: new chunks are appended, deleted ones dropped. A copy is cached on disk
/// under `$PREFLEXOR_HOME/cache/` so that a fresh CLI process does not re-read every vector.
public actor VectorSearch {
    public let database: Database
    public let encoder: SentenceEncoder
    let cacheFile: URL?
    var index: VectorIndex
    var maxID: Int64 = 0

    public init(database: Database, encoder: SentenceEncoder, cacheDirectory: URL?) {
        self.database = database
        self.encoder = encoder
        self.cacheFile = cacheDirectory?.appendingPathComponent("\(encoder.modelName).vectors")
        self.index = VectorIndex(dimension: encoder.dimension)
    }

    /// Number of vectors held.
    public var count: Int { index.count }

    /// Brings the in-memory index up to date with the database.
    public func refresh() async throws {
        let repository = EmbeddingRepository(database)
        if index.count == 0, let cached = loadCache() {
            index = cached.index
            maxID = cached.maxID
        }
        let fresh = try await repository.chunkVectors(model: encoder.modelName, after: maxID)
        if !fresh.ids.isEmpty {
            try index.add(ids: fresh.ids, flat: fresh.flat)
            maxID = max(maxID, fresh.ids.max() ?? 0)
        }
        let (_, embedded) = try await repository.coverage(model: encoder.modelName)
        var changed = !fresh.ids.isEmpty
        if embedded != index.count {
            // Rows were deleted (or replaced): drop what no longer exists.
            let alive = try await repository.existingChunkIDs(model: encoder.modelName)
            _ = index.remove(ids: index.ids.filter { !alive.contains($0) })
            changed = true
        }
        if embedded != index.count {
            // The cache does not describe this database (e.g. it was recreated): reload all.
            let all = try await repository.chunkVectors(model: encoder.modelName, after: 0)
            index = VectorIndex(dimension: encoder.dimension)
            try index.add(ids: all.ids, flat: all.flat)
            maxID = all.ids.max() ?? 0
        }
        if changed { saveCache() }
    }

    /// The `k` chunks nearest to `query` (cosine; vectors are unit length), with context.
    public func search(_ query: String, k: Int, filter: ChunkFilter = ChunkFilter()) async throws -> [(score: Float, chunk: ChunkContext)] {
        try await refresh()
        let vector = encoder.embed([query])[0]
        let chunks = ChunkRepository(database)
        let hits: [(id: Int64, score: Float)]
        if filter.isEmpty {
            hits = try index.search(query: vector, k: k)
        } else {
            let allowed = try await chunks.ids(matching: filter)
            hits = try index.search(query: vector, k: k, filter: .allowed(allowed))
        }
        let contexts = try await chunks.contexts(ids: hits.map(\.id))
        let scores = Dictionary(uniqueKeysWithValues: hits.map { ($0.id, $0.score) })
        return contexts.map { (scores[$0.chunkID] ?? 0, $0) }
    }

    // Cache format: "PFXV", dimension (Int32), count (Int64), maxID (Int64), ids, floats — little endian.
    func loadCache() -> (index: VectorIndex, maxID: Int64)? {
        guard let cacheFile, let data = try? Data(contentsOf: cacheFile, options: .alwaysMapped), data.count >= 24,
            data.prefix(4) == Data("PFXV".utf8) else { return nil }
        return data.withUnsafeBytes { raw -> (VectorIndex, Int64)? in
            let dim = Int(raw.loadUnaligned(fromByteOffset: 4, as: Int32.self))
            let n = Int(raw.loadUnaligned(fromByteOffset: 8, as: Int64.self))
            let maxID = raw.loadUnaligned(fromByteOffset: 16, as: Int64.self)
            guard dim == encoder.dimension, n >= 0, data.count == 24 + n * 8 + n * dim * 4 else { return nil }
            var ids = [Int64](repeating: 0, count: n)
            var flat = [Float](repeating: 0, count: n * dim)
            ids.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[24..<(24 + n * 8)])) }
            flat.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[(24 + n * 8)...])) }
            var index = VectorIndex(dimension: dim)
            guard (try? index.add(ids: ids, flat: flat)) != nil else { return nil }
            return (index, maxID)
        }
    }

    func saveCache() {
        guard let cacheFile else { return }
        let ids = index.ids
        var data = Data("PFXV".utf8)
        withUnsafeBytes(of: Int32(index.dimension)) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: Int64(ids.count)) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: maxID) { data.append(contentsOf: $0) }
        ids.withUnsafeBytes { data.append(contentsOf: $0) }
        for id in ids { index.vector(for: id)?.withUnsafeBytes { data.append(contentsOf: $0) } }
        try? FileManager.default.createDirectory(at: cacheFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? data.write(to: cacheFile, options: .atomic)
    }
}
