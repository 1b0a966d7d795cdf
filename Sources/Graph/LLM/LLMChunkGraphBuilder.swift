/// Turns the validated triples of one chunk into a chunk graph: names resolved through the
/// lexicon (else `TermNormalizer.key`), each quoted sentence located in the chunk and widened
/// to the splitter's sentence(s) so that evidence matches the embedded extractor's, mentions
/// wherever a name occurs in the chunk, polarity (asserted, negated, hedged) read as the embedded extractor reads it.
struct LLMChunkGraphBuilder {
    let paperKey: String
    let chunk: PaperInput.Chunk
    let lexicon: Lexicon
    let minSentenceLength: Int
    let scalars: [Unicode.Scalar]
    let folded: [Unicode.Scalar]
    let sentences: [Range<Int>]
    private var entities: [String: Entity] = [:]
    private var surfaces: [String: Set<String>] = [:]
    private var relations: [Relation] = []
    private var seen = Set<Relation>()

    init(paperKey: String, chunk: PaperInput.Chunk, lexicon: Lexicon, segmenter: any SentenceSegmenting, minSentenceLength: Int) {
        self.paperKey = paperKey
        self.chunk = chunk
        self.lexicon = lexicon
        self.minSentenceLength = minSentenceLength
        let scalars = Array(chunk.text.unicodeScalars)
        self.scalars = scalars
        self.folded = ScalarSearch.fold(scalars)
        self.sentences = segmenter.sentenceRanges(in: chunk.text).filter { $0.upperBound <= scalars.count }
    }

    /// Adds a triple; returns why it was dropped, or nil when it became a relation.
    mutating func add(_ t: LLMTriple) -> (LLMDroppedTriple.Reason, String)? {
        guard let source = resolve(t.source, t.sourceType) else { return (.emptyName, t.source) }
        guard let target = resolve(t.target, t.targetType) else { return (.emptyName, t.target) }
        guard source.key != target.key else { return (.selfLoop, source.key) }
        guard let range = locate(t.sentence) else { return (.sentenceNotFound, t.sentence) }
        note(source, surface: t.source)
        note(target, surface: t.target)
        let evidence = Evidence(paperKey: paperKey, chunkIndex: chunk.index, sentenceRange: range,
                                sentence: scalars.text(range))
        // The model's polarity when it gave one it could defend from the sentence; otherwise,
        // and whenever the sentence itself carries a negation the model missed, the same
        // negation and hedge scopes as the embedded extractor.
        let (read, cue) = polarity(in: range, source: t.source, target: t.target)
        let polarity: Polarity = read == .negated ? .negated : (t.polarity ?? read)
        let relation = Relation(source: source.key, predicate: t.predicate, target: target.key, polarity: polarity,
                                cue: polarity == .asserted ? nil : (polarity == read ? cue : "llm"), evidence: evidence)
        if seen.insert(relation).inserted { relations.append(relation) }
        return nil
    }

    /// The entity a name denotes: the lexicon's entry (key, term, type) when it knows the name,
    /// else the name's normalised key with the model's type; nil when the key is empty.
    func resolve(_ name: String, _ type: String) -> Entity? {
        if let entry = lexicon.entry(forName: name) {
            return Entity(key: entry.key, name: entry.term, type: entry.type, source: .llm)
        }
        let key = TermNormalizer.key(name)
        guard !key.isEmpty else { return nil }
        return Entity(key: key, name: name, type: LLMTriple.entityType(type), source: .llm)
    }

    /// Records an entity and the name it was given; a typed guess replaces `concept`.
    mutating func note(_ e: Entity, surface: String) {
        if var old = entities[e.key] {
            if old.type == .concept, e.type != .concept { old.type = e.type }
            entities[e.key] = old
        } else {
            entities[e.key] = e
        }
        surfaces[e.key, default: []].insert(surface)
    }

    /// The quoted sentence's range in the chunk, widened to the sentences it overlaps.
    func locate(_ sentence: String) -> Range<Int>? {
        let quoted = Array(sentence.unicodeScalars)
        guard quoted.count >= minSentenceLength, let found = ScalarSearch.locate(quoted, in: scalars) else { return nil }
        let overlapping = sentences.filter { $0.overlaps(found) }
        guard let first = overlapping.first, let last = overlapping.last else { return found }
        return min(first.lowerBound, found.lowerBound)..<max(last.upperBound, found.upperBound)
    }

    /// The polarity of the sentence `range` for the relation between the two names, read with
    /// the embedded extractor's negation and hedge scopes (between the names when both are
    /// found in the sentence, over the whole sentence otherwise), and its cue.
    func polarity(in range: Range<Int>, source: String, target: String) -> (Polarity, String?) {
        let tokens = Tokenizer.tokens(scalars, in: range)
        guard !tokens.isEmpty else { return (.asserted, nil) }
        let scopes = PolarityScopes(tokens: tokens)
        func token(_ name: String) -> Int? {
            guard let r = ScalarSearch.occurrences(of: ScalarSearch.fold(Array(name.unicodeScalars)), in: folded, within: range).first
            else { return nil }
            return tokens.firstIndex { $0.end > r.lowerBound && $0.start < r.upperBound }
        }
        if let a = token(source), let b = token(target) { return scopes.polarity(from: min(a, b), to: max(a, b)) }
        return scopes.polarity(from: 0, to: tokens.count - 1)
    }

    /// The chunk graph: entities sorted by key, mentions of every name in chunk order.
    func graph() -> PaperGraph {
        var mentions: [Mention] = []
        var out: [Entity] = []
        for key in entities.keys.sorted() {
            var e = entities[key]!
            var names = surfaces[key] ?? []
            if e.name != "" { names.insert(e.name) }
            var ranges = Set<Range<Int>>()
            for name in names.sorted() {
                for r in ScalarSearch.occurrences(of: ScalarSearch.fold(Array(name.unicodeScalars)), in: folded, within: 0..<folded.count)
                where ranges.insert(r).inserted {
                    mentions.append(Mention(entityKey: key, chunkIndex: chunk.index, range: r, surface: scalars.text(r)))
                }
            }
            e.aliases = (surfaces[key] ?? []).map { Alias(text: $0, key: TermNormalizer.key($0), source: .llm, paperKey: paperKey) }.sorted()
            out.append(e)
        }
        mentions.sort { ($0.range.lowerBound, $0.range.upperBound, $0.entityKey) < ($1.range.lowerBound, $1.range.upperBound, $1.entityKey) }
        return PaperGraph(paperKey: paperKey, entities: out, mentions: mentions, relations: relations, propertyValues: [])
    }
}
