import Testing
@testable import Graph

@Suite struct LouvainTests {
    static func clique(_ prefix: String, _ n: Int) -> [(String, String, Double)] {
        var e: [(String, String, Double)] = []
        for i in 0..<n { for j in (i + 1)..<n { e.append(("\(prefix)\(i)", "\(prefix)\(j)", 1)) } }
        return e
    }

    static func groups(_ g: WeightedGraph, _ c: [Int]) -> Set<Set<String>> {
        var m: [Int: Set<String>] = [:]
        for (i, n) in g.nodes.enumerated() { m[c[i], default: []].insert(n) }
        return Set(m.values)
    }

    @Test func twoTrianglesJoinedByAnEdge() throws {
        let g = WeightedGraph(edges: Self.clique("a", 3) + Self.clique("b", 3) + [("a0", "b0", 1)])
        let c = try Louvain().communities(g)
        #expect(Self.groups(g, c) == [["a0", "a1", "a2"], ["b0", "b1", "b2"]])
        // Q = 2 * (3/7 - (7/14)^2) = 5/14.
        #expect(abs(g.modularity(c) - 5.0 / 14.0) < 1e-12)
    }

    @Test func ringOfCliques() throws {
        var edges: [(String, String, Double)] = []
        for k in 0..<8 {
            edges += Self.clique("c\(k)_", 5)
            edges.append(("c\(k)_0", "c\((k + 1) % 8)_4", 1))
        }
        let g = WeightedGraph(edges: edges)
        let c = try Louvain(seed: 3).communities(g)
        let expected = Set((0..<8).map { k in Set((0..<5).map { "c\(k)_\($0)" }) })
        #expect(Self.groups(g, c) == expected)
    }

    @Test func plantedPartitionIsRecovered() throws {
        // 4 groups of 25 nodes, p_in = 0.4, p_out = 0.01, from a seeded generator.
        var rng = SplitMix64(seed: 11)
        var edges: [(String, String, Double)] = []
        let n = 100
        for i in 0..<n {
            for j in (i + 1)..<n {
                let p = i / 25 == j / 25 ? 0.4 : 0.01
                if Double(rng.next() % 1_000_000) / 1_000_000 < p { edges.append(("n\(i)", "n\(j)", 1)) }
            }
        }
        let g = WeightedGraph(edges: edges)
        let c = try Louvain(seed: 5).communities(g)
        let found = Self.groups(g, c)
        let planted = Set((0..<4).map { k in Set((0..<25).map { "n\(k * 25 + $0)" }) })
        #expect(found == planted)
    }

    @Test func deterministicForASeedAndEdgeOrder() throws {
        var edges: [(String, String, Double)] = []
        for k in 0..<5 { edges += Self.clique("g\(k)_", 4); edges.append(("g\(k)_0", "g\((k + 1) % 5)_1", 0.5)) }
        let l = try Louvain(seed: 9)
        let a = l.communities(WeightedGraph(edges: edges))
        let b = l.communities(WeightedGraph(edges: edges.reversed()))
        #expect(a == b)
        #expect(a == l.communities(WeightedGraph(edges: edges)))
    }

    @Test func weightsMatter() throws {
        // A square a-b-c-d-a with heavy a-b and c-d edges splits into {a,b} and {c,d}.
        let g = WeightedGraph(edges: [("a", "b", 10), ("b", "c", 1), ("c", "d", 10), ("d", "a", 1)])
        let c = try Louvain().communities(g)
        #expect(Self.groups(g, c) == [["a", "b"], ["c", "d"]])
    }

    @Test func badResolutionIsRefused() {
        #expect(throws: GraphError.self) { try Louvain(resolution: 0) }
    }

    @Test func summariesRankEntitiesRelationsAndPapers() throws {
        let papers = [
            EntityResolverTests.paper("p1", "Hydroxyapatite increases the stiffness of collagen. Collagen binds to hydroxyapatite."),
            EntityResolverTests.paper("p2", "Hydroxyapatite increases the stiffness of bone. Spider silk is composed of silk fibroin."),
            EntityResolverTests.paper("p3", "Spider silk is composed of silk fibroin. Silk fibroin is produced by spiders."),
        ]
        let r = try EntityResolver().resolve(papers)
        let cs = Communities.detect(r, louvain: try Louvain(), top: 3)
        #expect(cs.count >= 2)
        let silk = try #require(cs.first { $0.members.contains("silk fibroin") })
        #expect(!silk.members.contains("hydroxyapatite"))
        #expect(silk.topEntities.first?.key == "silk fibroin")
        #expect(silk.topRelations.first.map { "\($0.source) \($0.predicate.rawValue) \($0.target) \($0.count)" } == "spider silk COMPOSED_OF silk fibroin 2")
        #expect(silk.topPapers.first?.paperKey == "p3")
    }
}
