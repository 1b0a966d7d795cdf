import Foundation

/// An undirected weighted graph over string-named nodes, sorted by name (so that results do not
/// depend on edge order). Parallel edges add up; self-loops are kept.
public struct WeightedGraph: Sendable {
    /// Node names, sorted.
    public let nodes: [String]
    /// adjacency[u] = [(v, weight)] with v != u, sorted by v.
    let adjacency: [[(node: Int, weight: Double)]]
    /// Self-loop weight per node (counted once).
    let selfLoops: [Double]

    /// Builds the graph from (a, b, weight) edges; weights must be positive (others are skipped).
    public init(edges: [(String, String, Double)]) {
        var names = Set<String>()
        for (a, b, _) in edges { names.insert(a); names.insert(b) }
        let nodes = names.sorted()
        var index: [String: Int] = [:]
        for (i, n) in nodes.enumerated() { index[n] = i }
        var adj = [[Int: Double]](repeating: [:], count: nodes.count)
        var loops = [Double](repeating: 0, count: nodes.count)
        for (a, b, w) in edges where w > 0 {
            let i = index[a]!, j = index[b]!
            if i == j { loops[i] += w } else { adj[i][j, default: 0] += w; adj[j][i, default: 0] += w }
        }
        self.init(nodes: nodes, adjacency: adj.map { $0.sorted { $0.key < $1.key }.map { (node: $0.key, weight: $0.value) } },
                  selfLoops: loops)
    }

    init(nodes: [String], adjacency: [[(node: Int, weight: Double)]], selfLoops: [Double]) {
        self.nodes = nodes
        self.adjacency = adjacency
        self.selfLoops = selfLoops
    }

    /// Weighted degree of node i (a self-loop counts twice).
    func degree(_ i: Int) -> Double { adjacency[i].reduce(2 * selfLoops[i]) { $0 + $1.weight } }

    /// Total edge weight m.
    public var totalWeight: Double { (0..<nodes.count).reduce(0) { $0 + degree($1) } / 2 }

    /// Modularity of a partition (community index per node) at `resolution` γ:
    /// Q = Σ_c [ in_c / m − γ (tot_c / 2m)² ] (Newman & Girvan 2004; Reichardt & Bornholdt 2006).
    public func modularity(_ community: [Int], resolution: Double = 1) -> Double {
        let m = totalWeight
        guard m > 0 else { return 0 }
        var inside: [Int: Double] = [:], tot: [Int: Double] = [:]
        for i in nodes.indices {
            let c = community[i]
            tot[c, default: 0] += degree(i)
            inside[c, default: 0] += selfLoops[i]
            for (j, w) in adjacency[i] where j > i && community[j] == c { inside[c, default: 0] += w }
        }
        return tot.keys.reduce(0) { q, c in q + inside[c, default: 0] / m - resolution * Double.pow(tot[c]! / (2 * m), 2) }
    }
}
