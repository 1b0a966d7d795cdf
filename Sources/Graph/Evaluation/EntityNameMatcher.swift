/// Finds the entities of a paper graph that a hand-written name means, with the extractor's own
/// normalisation: `TermNormalizer.key`, lexicon synonyms, entity aliases (abbreviations,
/// keywords), and head-noun variants ("silk fibroin" ~ "fibroin", "bone tissue" ~ "bone").
struct EntityNameMatcher {
    /// Heads a writer adds or drops without naming another thing ("bone tissue", "collagen molecules").
    static let genericHeads: Set<String> = [
        "tissue", "material", "materials", "molecule", "protein", "sample", "specimen", "fiber", "crystal",
        "structure", "network", "layer", "phase", "content", "level", "system", "matrix",
    ]

    let lexicon: Lexicon
    let graph: PaperGraph
    private let aliasKeys: [String: Set<String>]

    init(lexicon: Lexicon, graph: PaperGraph) {
        self.lexicon = lexicon
        self.graph = graph
        var m: [String: Set<String>] = [:]
        for e in graph.entities {
            var s: Set<String> = [e.key, TermNormalizer.key(e.name)]
            for a in e.aliases { s.insert(a.key); s.insert(TermNormalizer.key(a.text)) }
            if let entry = lexicon.entry(forKey: e.key) {
                for n in [entry.term] + entry.synonyms { s.insert(TermNormalizer.key(n)) }
            }
            m[e.key] = s
        }
        aliasKeys = m
    }

    /// The normalised keys a name may stand for.
    func keys(of name: String) -> Set<String> {
        var s: Set<String> = [TermNormalizer.key(name)]
        if let e = lexicon.entry(forName: name) { s.insert(e.key) }
        if let e = lexicon.entry(forKey: TermNormalizer.key(name)) { s.insert(e.key) }
        s.remove("")
        return s
    }

    /// Keys of the graph's entities the name means.
    func entities(named name: String) -> Set<String> {
        let wanted = keys(of: name)
        var exact = Set<String>(), loose = Set<String>()
        for (key, names) in aliasKeys {
            if !names.isDisjoint(with: wanted) { exact.insert(key); continue }
            for w in wanted where names.contains(where: { Self.headVariant($0, w) }) { loose.insert(key) }
        }
        return exact.union(loose)
    }

    /// "mutations in this region" -> "mutation": the head before an of/in attachment, singular.
    static func headOfAttachment(_ key: String) -> String? {
        let words = key.split(separator: " ").map(String.init)
        guard let i = words.firstIndex(where: { $0 == "of" || $0 == "in" }), i > 0 else { return nil }
        return TermNormalizer.key(words[..<i].joined(separator: " "))
    }

    /// True when one key is the other with modifiers dropped (same head word: "silk fibroin" ~
    /// "fibroin") or with a generic head added ("bone tissue" ~ "bone").
    static func headVariant(_ a: String, _ b: String) -> Bool {
        if let ha = headOfAttachment(a), ha == b || headVariant(ha, b) { return true }
        if let hb = headOfAttachment(b), hb == a || headVariant(a, hb) { return true }
        let x = a.split(separator: " "), y = b.split(separator: " ")
        guard x != y, !x.isEmpty, !y.isEmpty else { return false }
        let (short, long) = x.count <= y.count ? (x, y) : (y, x)
        // The dropped words are modifiers, not the head of "X of Y" / "X in Y".
        let dropped = long.count > short.count ? long.prefix(long.count - short.count) : []
        if long.count > short.count, Array(long.suffix(short.count)) == short, short.joined().count >= 4,
           !dropped.contains(where: { ["of", "in", "with", "for", "on", "by", "to", "from"].contains($0) }) { return true }
        if long.count == short.count + 1, Array(long.prefix(short.count)) == short, genericHeads.contains(String(long.last!)) {
            return true
        }
        return false
    }
}
