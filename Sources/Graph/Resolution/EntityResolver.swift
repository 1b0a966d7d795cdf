/// Merges the entities of many paper graphs into one set of canonical entities.
///
/// 1. Same normalised key = same entity (the extractor already mapped abbreviations to their
///    long forms within each paper, and spelling variants to one key).
/// 2. Across keys, with an embedder: pairs of compatible types (`EntityType.isCompatible`) whose
///    cosine similarity is >= `threshold` are merged, most similar first, never joining two
///    different lexicon terms (the lexicon says they are distinct).
///
/// The result depends only on the set of entities, not on paper or entity order, and resolving
/// `resolved.papers` again gives the same graph (idempotent).
public struct EntityResolver: Sendable {
    /// Default cosine threshold for merging names with all-MiniLM-L6-v2 embeddings: the smallest
    /// with precision >= 0.98 on the lexicon's synonym pairs against its distinct-term pairs
    /// (`scripts/graph-tune-threshold.sh`; docs/graph-extraction.md).
    public static let defaultThreshold = 0.94

    /// The embedder; nil merges by key only.
    public let embedder: (any TermEmbedder)?
    /// Cosine similarity at or above which two names are merged.
    public let threshold: Double

    /// Creates a resolver; throws `GraphError(.invalidArgument)` for a threshold outside (0, 1].
    public init(embedder: (any TermEmbedder)? = nil, threshold: Double = EntityResolver.defaultThreshold) throws {
        guard threshold > 0, threshold <= 1 else {
            throw GraphError(.invalidArgument, "similarity threshold \(threshold) is outside (0, 1]; use e.g. \(Self.defaultThreshold)")
        }
        self.embedder = embedder
        self.threshold = threshold
    }

    /// A key's merged facts across papers.
    struct Node {
        var key: String
        var names: [String: Int] = [:]
        var types: [EntityType: Int] = [:]
        var sources: Set<EntitySource> = []
        var aliases: Set<Alias> = []
        var mentions = 0
        var isLexicon: Bool { sources.contains(.lexicon) }
    }

    /// Resolves the entities of `graphs`.
    public func resolve(_ graphs: [PaperGraph]) throws -> ResolvedGraph {
        // 1. Nodes by key.
        var nodes: [String: Node] = [:]
        for g in graphs {
            var count: [String: Int] = [:]
            for m in g.mentions { count[m.entityKey, default: 0] += 1 }
            for e in g.entities {
                var n = nodes[e.key] ?? Node(key: e.key)
                n.names[e.name, default: 0] += 1
                n.types[e.type, default: 0] += 1
                n.sources.insert(e.source)
                n.aliases.formUnion(e.aliases)
                n.mentions += count[e.key, default: 0]
                nodes[e.key] = n
            }
        }
        let keys = nodes.keys.sorted()
        var uf = UnionFind(count: keys.count)
        var lexiconIn = keys.map { nodes[$0]!.isLexicon ? 1 : 0 }
        var merges: [Int: (other: Int, similarity: Double)] = [:]
        // 2. Embedding merges among candidate pairs (names sharing a word or a word's 4-letter prefix).
        if let embedder, keys.count > 1 {
            let candidates = candidatePairs(keys, nodes)
            var used = Set<Int>()
            for (i, j) in candidates { used.insert(i); used.insert(j) }
            let usedSorted = used.sorted()
            // Keys, not display names: an abbreviation's key is its long form within its paper
            // ("non coupled trained mouse" for NT), so two papers' NTs are compared by meaning.
            let vectors = usedSorted.isEmpty ? [] : try embed(usedSorted.map { keys[$0] }, with: embedder)
            var row: [Int: Int] = [:]
            for (r, i) in usedSorted.enumerated() { row[i] = r }
            var pairs: [(sim: Double, i: Int, j: Int)] = []
            for (i, j) in candidates {
                let sim = dot(vectors[row[i]!], vectors[row[j]!])
                if sim >= threshold { pairs.append((sim, i, j)) }
            }
            pairs.sort { ($0.sim, -$0.i, -$0.j) > ($1.sim, -$1.i, -$1.j) }
            for p in pairs {
                let a = uf.find(p.i), b = uf.find(p.j)
                guard a != b, lexiconIn[a] + lexiconIn[b] <= 1 else { continue }
                let r = uf.union(a, b)
                lexiconIn[r] = lexiconIn[a] + lexiconIn[b]
                merges[p.j] = merges[p.j] ?? (p.i, p.sim)
                merges[p.i] = merges[p.i] ?? (p.j, p.sim)
            }
        }
        // 3. Canonical entity per component.
        var members: [Int: [Int]] = [:]
        for i in keys.indices { members[uf.find(i), default: []].append(i) }
        var canonical: [String: String] = [:]
        var entities: [Entity] = []
        for (_, group) in members {
            let chosen = group.min { a, b in isBetter(nodes[keys[a]]!, than: nodes[keys[b]]!) }!
            let head = nodes[keys[chosen]]!
            var aliases = Set<Alias>()
            var typeCounts: [EntityType: Int] = [:]
            for i in group {
                let n = nodes[keys[i]]!
                canonical[n.key] = head.key
                aliases.formUnion(n.aliases)
                for (t, c) in n.types { typeCounts[t, default: 0] += c }
                if i != chosen {
                    aliases.insert(Alias(text: displayName(n), key: n.key, source: .embedding,
                                         similarity: merges[i].map { ($0.similarity * 1e4).rounded() / 1e4 }))
                }
            }
            let type = head.isLexicon ? dominantType(head) : bestType(typeCounts)
            let source: EntitySource = head.isLexicon ? .lexicon : (head.sources.min() ?? .nounPhrase)
            entities.append(Entity(key: head.key, name: displayName(head), type: type, source: source, aliases: aliases.sorted()))
        }
        entities.sort { $0.key < $1.key }
        let papers = graphs.map { rekey($0, canonical, entities) }.sorted { $0.paperKey < $1.paperKey }
        return ResolvedGraph(entities: entities, canonicalKey: canonical, papers: papers)
    }

    /// Most keys one blocking word may bring together; commoner words ("cell") block nothing.
    static let maxPosting = 400

    /// Pairs (i < j) of compatible types, not both lexicon terms, that share a word or the first
    /// four letters of a word. Blocking keeps the comparison near-linear; spelling variants and
    /// near-synonyms share words, and the lexicon's synonym lists cover the rest.
    func candidatePairs(_ keys: [String], _ nodes: [String: Node]) -> [(Int, Int)] {
        var postings: [String: [Int]] = [:]
        for (i, k) in keys.enumerated() {
            var blocks = Set<String>()
            for w in k.split(separator: " ") where w.count >= 3 {
                blocks.insert("w:" + w)
                if w.count >= 4 { blocks.insert("p:" + w.prefix(4)) }
            }
            for b in blocks { postings[b, default: []].append(i) }
        }
        let types = keys.map { dominantType(nodes[$0]!) }
        let lexicon = keys.map { nodes[$0]!.isLexicon }
        let markers = keys.map(Self.markers)
        let heads = keys.map { Array(($0.split(separator: " ").last ?? "").unicodeScalars) }
        var pairs = Set<Int64>()
        for list in postings.values where list.count > 1 && list.count <= Self.maxPosting {
            for a in 0..<list.count {
                for b in (a + 1)..<list.count {
                    let i = list[a], j = list[b]
                    guard !(lexicon[i] && lexicon[j]), types[i].isCompatible(with: types[j]), markers[i] == markers[j],
                          Self.headsAgree(heads[i], heads[j]) else { continue }
                    pairs.insert(Int64(min(i, j)) << 32 | Int64(max(i, j)))
                }
            }
        }
        return pairs.sorted().map { (Int($0 >> 32), Int($0 & 0xFFFF_FFFF)) }
    }

    /// Two names can only be one thing when their head words (the last word of the key) are the
    /// same up to two edits, or one is a prefixed compound of the other: spelling variants and
    /// typos ("microscope"/"microscopy", "bromodeoxyurdine"/"bromodeoxyuridine",
    /// "nanohydroxyapatite"/"hydroxyapatite") pass, different heads with similar embeddings
    /// ("cre recombination"/"cre recombinase" at 0.98, "chromatin abnormality"/"chromatin
    /// defects") do not.
    static func headsAgree(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        if a == b { return true }
        // A prefixed compound of the other head ("nanohydroxyapatite"/"hydroxyapatite").
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        if short.count >= 5, long.suffix(short.count).elementsEqual(short) { return true }
        if abs(a.count - b.count) > 2 || !sameWordClass(a, b) { return false }
        // Levenshtein distance with an early exit above 2.
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            var rowMin = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMin = min(rowMin, current[j])
            }
            if rowMin > 2 { return false }
            previous = current
        }
        return (previous.last ?? 0) <= 2
    }

    /// Numbers and one/two-letter words of a key ("spidroin 1", "type ii"): names that differ in
    /// them are different things however similar their embeddings (0.96 for spidroin 1 ~ 2).
    ///
    /// Contrast words count as markers too: names that differ in "inner"/"outer",
    /// "mature"/"immature" or "short"/"medium" are opposites however close their embeddings
    /// ("spb inner plaque" ~ "spb outer plaque" at 0.958).
    static func markers(_ key: String) -> [Substring] {
        key.split(separator: " ").filter { $0.count <= 2 || $0.allSatisfy(\.isNumber) || contrastWords.contains(String($0)) }.sorted()
    }

    /// Modifiers that make a different thing of the same head (position, stage, sign, size,
    /// order, polarity).
    static let contrastWords: Set<String> = [
        "inner", "outer", "inferior", "superior", "upper", "lower", "anterior", "posterior", "dorsal", "ventral",
        "medial", "lateral", "proximal", "distal", "left", "right", "apical", "basal", "central", "peripheral",
        "internal", "external", "intracellular", "extracellular", "mature", "immature", "early", "late", "young",
        "old", "adult", "juvenile", "embryonic", "larval", "fetal", "neonatal", "maternal", "paternal", "male",
        "female", "short", "long", "medium", "low", "high", "small", "large", "heavy", "light", "fast", "slow",
        "positive", "negative", "increased", "decreased", "reduced", "elevated", "primary", "secondary",
        "tertiary", "acute", "chronic", "major", "minor", "wild", "mutant", "inhibitory", "excitatory", "soluble",
        "insoluble", "single", "double", "non", "anti", "pro", "pre", "post", "alpha", "beta", "gamma", "delta",
        "cis", "trans", "hot", "cold", "dry", "wet", "native", "denatured", "healthy", "diseased", "middle",
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "first", "second", "third",
    ]

    /// Heads of different word classes: an agent ("inhibitor", "promoter") is not the process
    /// ("inhibition", "promotion") even one or two edits apart.
    static func sameWordClass(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        func isProcess(_ w: [Unicode.Scalar]) -> Bool { String(String.UnicodeScalarView(w)).hasSuffix("ion") }
        func isAgent(_ w: [Unicode.Scalar]) -> Bool {
            let s = String(String.UnicodeScalarView(w))
            return s.hasSuffix("or") || s.hasSuffix("er") || s.hasSuffix("ant") || s.hasSuffix("ent")
        }
        return !((isProcess(a) && isAgent(b)) || (isAgent(a) && isProcess(b)))
    }

    /// Canonical choice: a lexicon term, then the most mentioned, then the shortest key, then the smallest.
    func isBetter(_ a: Node, than b: Node) -> Bool {
        if a.isLexicon != b.isLexicon { return a.isLexicon }
        if a.mentions != b.mentions { return a.mentions > b.mentions }
        if a.key.count != b.key.count { return a.key.count < b.key.count }
        return a.key < b.key
    }

    func displayName(_ n: Node) -> String {
        n.names.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? n.key
    }

    func dominantType(_ n: Node) -> EntityType { bestType(n.types) }

    func bestType(_ counts: [EntityType: Int]) -> EntityType {
        let typed = counts.filter { $0.key != .concept }
        let pool = typed.isEmpty ? counts : typed
        return pool.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? .concept
    }

    func embed(_ names: [String], with embedder: any TermEmbedder) throws -> [[Float]] {
        let vectors: [[Float]]
        do { vectors = try embedder.embed(names) } catch {
            throw GraphError(.embedderFailed, "the embedder failed on \(names.count) entity names; check the model", underlying: error)
        }
        guard vectors.count == names.count, let width = vectors.first?.count, width > 0,
              vectors.allSatisfy({ $0.count == width }) else {
            throw GraphError(.embedderFailed, "the embedder returned \(vectors.count) vectors for \(names.count) names, or of unequal width")
        }
        return vectors.map { v in
            let norm = v.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? v.map { $0 / norm } : v
        }
    }

    func dot(_ a: [Float], _ b: [Float]) -> Double {
        var s: Float = 0
        for k in a.indices { s += a[k] * b[k] }
        return Double(s)
    }

    func rekey(_ g: PaperGraph, _ canonical: [String: String], _ entities: [Entity]) -> PaperGraph {
        func c(_ k: String) -> String { canonical[k] ?? k }
        var out = g
        var seen = Set<String>()
        out.entities = g.entities.compactMap { e in
            let key = c(e.key)
            guard seen.insert(key).inserted, let i = entities.firstIndexSorted(key) else { return nil }
            var local = entities[i]
            local.aliases = local.aliases.filter { $0.paperKey == nil || $0.paperKey == g.paperKey }
            return local
        }.sorted { $0.key < $1.key }
        out.mentions = g.mentions.map { var m = $0; m.entityKey = c(m.entityKey); return m }
        var rels = Set<Relation>()
        out.relations = g.relations.compactMap { r in
            var r = r
            r.source = c(r.source); r.target = c(r.target)
            if r.source == r.target { return nil }
            if r.predicate == .coOccurs, r.source > r.target { swap(&r.source, &r.target) }
            return rels.insert(r).inserted ? r : nil
        }
        out.propertyValues = g.propertyValues.map { v in
            var v = v; v.entity = v.entity.map(c); v.property = c(v.property); return v
        }
        return out
    }
}

extension Array where Element == Entity {
    /// Binary search in entities sorted by key.
    func firstIndexSorted(_ key: String) -> Int? {
        var lo = 0, hi = count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if self[mid].key == key { return mid }
            if self[mid].key < key { lo = mid + 1 } else { hi = mid - 1 }
        }
        return nil
    }
}

/// Disjoint sets with path halving; the smaller index becomes the root (deterministic).
struct UnionFind {
    private var parent: [Int]
    init(count: Int) { parent = Array(0..<count) }
    mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
        return x
    }
    @discardableResult
    mutating func union(_ a: Int, _ b: Int) -> Int {
        let ra = find(a), rb = find(b)
        let (root, child) = ra < rb ? (ra, rb) : (rb, ra)
        parent[child] = root
        return root
    }
}
