/// Louvain community detection (Blondel et al., "Fast unfolding of communities in large
/// networks", J. Stat. Mech. 2008), deterministic for a given seed: nodes are visited in a
/// seeded shuffled order, ties keep the current community or take the smallest index.
public struct Louvain: Sendable {
    /// Seed of the visiting order. Default 42.
    public var seed: UInt64
    /// Resolution γ (1 = classic modularity; larger gives smaller communities).
    public var resolution: Double
    /// Stop a local-moving pass when modularity improves by less than this. Default 1e-7.
    public var tolerance: Double
    /// Most aggregation levels. Default 20.
    public var maxLevels: Int

    /// Creates the algorithm; throws `GraphError(.invalidArgument)` for a resolution <= 0.
    public init(seed: UInt64 = 42, resolution: Double = 1, tolerance: Double = 1e-7, maxLevels: Int = 20) throws {
        guard resolution > 0 else {
            throw GraphError(.invalidArgument, "Louvain resolution \(resolution) must be > 0; 1 is classic modularity")
        }
        self.seed = seed
        self.resolution = resolution
        self.tolerance = tolerance
        self.maxLevels = maxLevels
    }

    /// Community index per node of `graph` (indices 0..<k, numbered by decreasing size, then by
    /// smallest node index).
    public func communities(_ graph: WeightedGraph) -> [Int] {
        let n = graph.nodes.count
        guard n > 0 else { return [] }
        var rng = SplitMix64(seed: seed)
        var membership = Array(0..<n)          // original node -> current level node
        var level = graph
        for _ in 0..<maxLevels {
            let (assign, moved) = localMoving(level, rng: &rng)
            if !moved { break }
            // Renumber communities in order of first appearance.
            var renum: [Int: Int] = [:]
            for c in assign where renum[c] == nil { renum[c] = renum.count }
            let compact = assign.map { renum[$0]! }
            membership = membership.map { compact[$0] }
            level = aggregate(level, compact, count: renum.count)
            if renum.count == level.nodes.count && renum.count == 1 { break }
        }
        return canonicalNumbering(membership)
    }

    /// One local-moving phase; returns the community of each node and whether anything moved.
    func localMoving(_ g: WeightedGraph, rng: inout SplitMix64) -> ([Int], Bool) {
        let n = g.nodes.count
        let m2 = 2 * g.totalWeight
        guard m2 > 0 else { return (Array(0..<n), false) }
        var community = Array(0..<n)
        let k = (0..<n).map { g.degree($0) }
        var tot = k
        var order = Array(0..<n)
        rng.shuffle(&order)
        var movedAny = false
        var improved = true
        var q = g.modularity(community, resolution: resolution)
        while improved {
            improved = false
            var movedThisPass = false
            for i in order {
                let ci = community[i]
                // Links from i to each neighbouring community.
                var links: [Int: Double] = [:]
                for (j, w) in g.adjacency[i] { links[community[j], default: 0] += w }
                tot[ci] -= k[i]
                var best = ci
                var bestGain = links[ci, default: 0] - resolution * tot[ci] * k[i] / m2
                for (c, w) in links.sorted(by: { $0.key < $1.key }) where c != ci {
                    let gain = w - resolution * tot[c] * k[i] / m2
                    if gain > bestGain + 1e-12 { best = c; bestGain = gain }
                }
                tot[best] += k[i]
                if best != ci { community[i] = best; movedThisPass = true; movedAny = true }
            }
            if movedThisPass {
                let nq = g.modularity(community, resolution: resolution)
                improved = nq - q > tolerance
                q = nq
            }
        }
        return (community, movedAny)
    }

    /// The graph of communities: community c becomes node c, internal weight a self-loop.
    func aggregate(_ g: WeightedGraph, _ community: [Int], count: Int) -> WeightedGraph {
        var adj = [[Int: Double]](repeating: [:], count: count)
        var loops = [Double](repeating: 0, count: count)
        for i in g.nodes.indices {
            let ci = community[i]
            loops[ci] += g.selfLoops[i]
            for (j, w) in g.adjacency[i] {
                let cj = community[j]
                if ci == cj { if j > i { loops[ci] += w } } else { adj[ci][cj, default: 0] += w }
            }
        }
        return WeightedGraph(nodes: (0..<count).map(String.init),
                             adjacency: adj.map { $0.sorted { $0.key < $1.key }.map { (node: $0.key, weight: $0.value) } },
                             selfLoops: loops)
    }

    /// Numbers communities by decreasing size, then by smallest member.
    func canonicalNumbering(_ membership: [Int]) -> [Int] {
        var members: [Int: [Int]] = [:]
        for (i, c) in membership.enumerated() { members[c, default: []].append(i) }
        let ordered = members.values.sorted { ($0.count, -$0[0]) > ($1.count, -$1[0]) }
        var out = [Int](repeating: 0, count: membership.count)
        for (c, group) in ordered.enumerated() { for i in group { out[i] = c } }
        return out
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny seeded generator for reproducible shuffles.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Fisher-Yates with this generator (the standard library's shuffle may change between releases).
    mutating func shuffle(_ a: inout [Int]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = Int(next() % UInt64(i + 1))
            a.swapAt(i, j)
        }
    }
}
