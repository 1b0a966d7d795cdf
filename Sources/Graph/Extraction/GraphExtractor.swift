/// The embedded extractor (no LLM): lexicon terms, JATS keywords, abbreviations defined in the
/// text and recurring noun phrases become entities; sentences give typed relations, numeric
/// property values and (capped) co-occurrences, each with its evidence.
///
///     let extractor = GraphExtractor(lexicon: try Lexicon.load())
///     let graph = extractor.extract(paper: PaperInput(paperKey: "doi:...", keywords: [...], chunks: [...]))
public struct GraphExtractor: Sendable {
    /// Settings with defaults.
    public struct Options: Sendable {
        /// Most CO_OCCURS edges per sentence (nearest pairs first). Default 3.
        public var coOccurrencePerSentence = 3
        /// Most CO_OCCURS evidences per entity pair and paper. Default 3.
        public var coOccurrencePerPair = 3
        /// Sentences longer than this (in tokens) give no CO_OCCURS edges. Default 80.
        public var coOccurrenceMaxTokens = 80
        /// Most tokens between two mentions for a CO_OCCURS edge (and never across a clause break). Default 12.
        public var coOccurrenceWindow = 12
        /// Whether a mention that is an argument of a typed relation of the sentence also gets
        /// CO_OCCURS edges with the sentence's other mentions. Default false: the typed
        /// relation is what the sentence says about it.
        public var coOccurrenceBesideTyped = false
        /// Whether captions and table cells give CO_OCCURS edges. Default false: a caption or a
        /// table row lists what was measured or shown ("Tensile properties and structure of silk
        /// fibres"), it states nothing about how the things it names relate; typed relations and
        /// values are still read from them.
        public var coOccurrenceInFragments = false
        /// A noun phrase becomes a `concept` entity when it occurs in at least this many chunks. Default 2.
        public var nounPhraseMinChunks = 2
        /// Whether recurring noun phrases become entities at all. Default true.
        public var nounPhrases = true
        /// Whether the clause reader (`ClauseExtractor`) adds typed relations between noun phrases
        /// that are not known entities. Default true; false gives the mention grammar alone.
        public var clauseRelations = true
        /// Creates default options.
        public init() {}
    }

    /// The lexicon.
    public let lexicon: Lexicon
    /// The options.
    public let options: Options
    private let segmenter: any SentenceSegmenting
    let baseIndex: TermIndex

    /// Creates an extractor over a lexicon, with a sentence splitter (default: rule-based).
    public init(lexicon: Lexicon, segmenter: any SentenceSegmenting = RuleSentenceSegmenter(), options: Options = Options()) {
        self.lexicon = lexicon
        self.options = options
        self.segmenter = segmenter
        self.baseIndex = TermIndex(lexicon: lexicon)
    }

    /// A sentence prepared for matching.
    struct Sentence {
        var chunk: Int
        var range: Range<Int>
        var tokens: [Token]
    }

    /// Sections that say who did, paid for or declared what, not how things relate: no entities
    /// or relations are read from them ("CC participated in the design of the study", grant
    /// numbers, competing interests).
    public static let administrativeSections: Set<String> = [
        "author-contributions", "funding", "competing-interests", "acknowledgements", "data-availability",
    ]

    /// Extracts the graph of one paper. Deterministic: chunk order in the input does not matter.
    /// Chunks of administrative sections (`administrativeSections`) are not read.
    public func extract(paper: PaperInput) -> PaperGraph {
        let chunks = paper.readableChunks
        var scalarsByChunk: [Int: [Unicode.Scalar]] = [:]
        let sectionByChunk = Dictionary(chunks.map { ($0.index, $0.section) }, uniquingKeysWith: { a, _ in a })
        var sentences: [Sentence] = []
        for chunk in chunks {
            let scalars = Array(chunk.text.unicodeScalars)
            scalarsByChunk[chunk.index] = scalars
            for r in segmenter.sentenceRanges(in: chunk.text) where r.upperBound <= scalars.count {
                sentences.append(Sentence(chunk: chunk.index, range: r, tokens: Tokenizer.tokens(scalars, in: r)))
            }
        }
        var builder = EntityTable(paperKey: paper.paperKey)
        let cache = WordCache()
        let index = buildIndex(paper: paper, sentences: sentences, scalarsByChunk: scalarsByChunk, builder: &builder, cache: cache)

        var mentions: [Mention] = []
        var relations: [Relation] = []
        var values: [PropertyValue] = []
        var comparisons: [Comparison] = []
        var pairCount: [String: Int] = [:]
        for s in sentences {
            let scalars = scalarsByChunk[s.chunk]!
            let matched = MentionMatcher.match(s.tokens, scalars: scalars, index: index, cache: cache)
            // Sentences without a mention still go to the clause reader (noun-phrase arguments).
            guard !matched.isEmpty || Self.mayStateRelation(s.tokens) else { continue }
            for m in matched {
                mentions.append(Mention(entityKey: m.target.key, chunkIndex: s.chunk, range: m.range, surface: m.surface))
                builder.saw(m.target, surface: m.surface)
            }
            let evidence = Evidence(paperKey: paper.paperKey, chunkIndex: s.chunk, sentenceRange: s.range,
                                    sentence: scalars.text(s.range))
            let ctx = SentenceContext(scalars: scalars, tokens: s.tokens, mentions: matched, evidence: evidence)
            let scopes = PolarityScopes(tokens: s.tokens)
            let typed = RelationExtractor.relations(in: ctx)
            // Captions and tables are fragments ("Variance explained by QTL model for each trait"):
            // only the mention grammar reads them.
            let reader = options.clauseRelations && !Self.fragmentKinds.contains(sectionByChunk[s.chunk] ?? "")
                ? ClauseExtractor(ctx: ctx, scopes: scopes, index: index, cache: cache) : nil
            let clause = reader?.relations(existing: typed) ?? (relations: [], phrases: [])
            let compared = reader?.comparisons() ?? (comparisons: [], phrases: [])
            comparisons += compared.comparisons
            // A phrase is an argument of several relations ("A and B increase X and Y"): one mention.
            var seenPhrases = Set<ClauseExtractor.Phrase>()
            for p in clause.phrases + compared.phrases where seenPhrases.insert(p).inserted {
                mentions.append(Mention(entityKey: p.target.key, chunkIndex: s.chunk, range: p.range, surface: p.surface))
                builder.saw(p.target, surface: p.surface)
            }
            let (v, hasValue, valuePhrases) = PropertyValueExtractor.values(
                in: ctx, index: index, cache: cache,
                // Captions are read for values too: "densely packed fibers (thickness: ∼150 nm)".
                reader: reader ?? (options.clauseRelations ? ClauseExtractor(ctx: ctx, scopes: scopes, index: index, cache: cache) : nil))
            for p in valuePhrases {
                mentions.append(Mention(entityKey: p.target.key, chunkIndex: s.chunk, range: p.range, surface: p.surface))
                builder.saw(p.target, surface: p.surface)
            }
            let fragment = Self.fragmentKinds.contains(sectionByChunk[s.chunk] ?? "")
            let co = fragment && !options.coOccurrenceInFragments
                ? [] : coOccurrences(ctx, scopes: scopes, typed: typed + clause.relations + hasValue, pairCount: &pairCount)
            relations += (typed + hasValue + co).map { Self.withPolarity($0, ctx, scopes) } + clause.relations
            values += v
        }
        mentions.sort { ($0.chunkIndex, $0.range.lowerBound, $0.range.upperBound, $0.entityKey)
            < ($1.chunkIndex, $1.range.lowerBound, $1.range.upperBound, $1.entityKey) }
        var seenMentions = Set<Mention>()
        mentions = mentions.filter { seenMentions.insert($0).inserted }
        var seenRelations = Set<Relation>()
        relations = relations.filter { seenRelations.insert($0).inserted }
        return PaperGraph(paperKey: paper.paperKey, entities: builder.entities(), mentions: mentions,
                          relations: relations, propertyValues: values, comparisons: comparisons)
    }

    /// Whether a sentence has a word that starts a phrase of the relation table (cheap pre-check
    /// before the clause reader, for sentences that name no known entity).
    static func mayStateRelation(_ tokens: [Token]) -> Bool {
        tokens.contains {
            $0.kind == .word && (RelationGrammar.phrasesByFirstWord[$0.lower] != nil || RelationGrammar.copulas.contains($0.lower)
                || ["induced", "mediated", "than", "compared"].contains($0.lower))
        }
    }

    /// Chunk kinds the clause reader skips (captions and tables are not sentences).
    static let fragmentKinds: Set<String> = ["caption", "table"]

    /// Heads that turn a mention into a modifier of another thing ("VEGF receptor", "hair clips").
    static let otherThingHeads: Set<String> = [
        "receptor", "receptors", "antibody", "antibodies", "antiserum", "inhibitor", "inhibitors", "gene", "genes",
        "promoter", "mrna", "mrnas", "knockout", "mutant", "mutants", "agonist", "antagonist", "clip", "clips",
        "deficiency", "locus", "allele", "alleles", "primer", "primers", "transcript", "transcripts", "probe",
        "probes", "reporter", "kit", "buffer", "plate", "plates", "dish", "dishes",
    ]
    /// Hyphen suffixes with the same effect ("claw-style", "collagen-free").
    static let otherThingSuffixes: Set<String> = [
        "style", "like", "shaped", "free", "deficient", "null", "negative", "knockout", "ko", "resistant", "specific",
    ]

    /// The mention is a modifier of something else, so the sentence is not about it.
    static func namesSomethingElse(_ ctx: SentenceContext, _ m: MatchedMention) -> Bool {
        guard let next = ctx.tokens[safe: m.lastToken + 1] else { return false }
        if next.isHyphen, let word = ctx.tokens[safe: m.lastToken + 2] { return otherThingSuffixes.contains(word.lower) }
        return otherThingHeads.contains(next.lower)
    }

    /// The relation with the polarity of its statement: the grammar's own negation ("does not
    /// increase") first, else the sentence's negation and hedge scopes over the tokens from the
    /// first to the last of its two mentions (the nearest pair, when an entity is named twice).
    static func withPolarity(_ r: Relation, _ ctx: SentenceContext, _ scopes: PolarityScopes) -> Relation {
        guard r.polarity == .asserted else { return r }
        // A noun compound or a possessive ("bone toughness", "silk fibres", "bone's stiffness") names
        // its relation; the clause around it does not deny or hedge that ("whether bone toughness
        // increases").
        if r.trigger.isEmpty, [.exhibitsProperty, .composedOf].contains(r.predicate) { return r }
        let a = ctx.mentions.filter { $0.target.key == r.source }, b = ctx.mentions.filter { $0.target.key == r.target }
        var best: (from: Int, to: Int)?
        for x in a {
            for y in b {
                let span = (min(x.firstToken, y.firstToken), max(x.lastToken, y.lastToken))
                if best == nil || span.1 - span.0 < best!.to - best!.from { best = (span.0, span.1) }
            }
        }
        let span = best ?? (a.first ?? b.first).map { ($0.firstToken, $0.lastToken) } ?? (0, max(0, ctx.tokens.count - 1))
        let (polarity, cue) = scopes.polarity(from: span.0, to: span.1)
        var out = r
        out.polarity = polarity
        out.cue = cue
        return out
    }

    /// CO_OCCURS between lexicon entities of one clause, at most `coOccurrenceWindow` tokens
    /// apart, that no typed relation of the sentence already links.
    func coOccurrences(_ ctx: SentenceContext, scopes: PolarityScopes, typed: [Relation], pairCount: inout [String: Int]) -> [Relation] {
        guard ctx.tokens.count <= options.coOccurrenceMaxTokens else { return [] }
        let lex = ctx.mentions.filter { $0.target.source == .lexicon && !Self.namesSomethingElse(ctx, $0) }
        guard lex.count >= 2 else { return [] }
        var linked = Set<String>()
        var arguments = Set<String>()
        for r in typed {
            linked.insert(min(r.source, r.target) + "\t" + max(r.source, r.target))
            arguments.insert(r.source); arguments.insert(r.target)
        }
        var pairs: [(distance: Int, a: String, b: String)] = []
        var seen = Set<String>()
        for i in 0..<lex.count {
            for j in (i + 1)..<lex.count {
                let x = lex[i].target.key, y = lex[j].target.key
                guard x != y else { continue }
                let (a, b) = (min(x, y), max(x, y))
                let id = a + "\t" + b
                let distance = lex[j].firstToken - lex[i].lastToken
                guard distance <= options.coOccurrenceWindow,
                      !scopes.clauseBreaks.contains(where: { $0 > lex[i].lastToken && $0 < lex[j].firstToken }) else { continue }
                guard !linked.contains(id), seen.insert(id).inserted else { continue }
                // What the sentence states about an entity is its typed relation: a nearby
                // mention adds no co-occurrence to it ("X increases Y in bone": not X CO_OCCURS bone).
                if options.coOccurrenceBesideTyped == false, arguments.contains(x) || arguments.contains(y) { continue }
                pairs.append((distance, a, b))
            }
        }
        pairs.sort { ($0.distance, $0.a, $0.b) < ($1.distance, $1.a, $1.b) }
        var out: [Relation] = []
        for p in pairs where out.count < options.coOccurrencePerSentence {
            let id = p.a + "\t" + p.b
            guard pairCount[id, default: 0] < options.coOccurrencePerPair else { continue }
            pairCount[id, default: 0] += 1
            out.append(Relation(source: p.a, predicate: .coOccurs, target: p.b, evidence: ctx.evidence))
        }
        return out
    }
}
