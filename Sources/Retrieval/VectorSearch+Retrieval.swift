import Embedding
import Foundation
import Store

extension VectorSearch {
    /// Where the vector cache of the database at `databaseURL` lives under `home`: Retrieval
    /// owns the layout (`cache/<hash of the URL>/<model>.vectors`).
    public static func cacheDirectory(home: URL, databaseURL: String) -> URL {
        // FNV-1a 64: stable across processes (Swift's Hasher is seeded per process).
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in databaseURL.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return home.appendingPathComponent("cache/\(String(hash, radix: 16))")
    }

    /// The `k` nearest ids to an already embedded query, without refreshing the index (the
    /// retriever refreshes once per query).
    public func nearest(_ vector: [Float], k: Int, allowed: Set<Int64>? = nil) throws -> [(id: Int64, score: Float)] {
        if let allowed { return try index.search(query: vector, k: k, filter: .allowed(allowed)) }
        return try index.search(query: vector, k: k)
    }

    /// The stored vectors of these ids (those the index holds).
    public func vectors(for ids: [Int64]) -> [Int64: [Float]] {
        var out: [Int64: [Float]] = [:]
        for id in ids { if let v = index.vector(for: id) { out[id] = v } }
        return out
    }
}
