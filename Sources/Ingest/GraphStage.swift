import Graph
import Store

/// The graph step of ingest: the embedded extractor over a paper's chunks, mapped to the
/// `GraphRecord` that Store writes inside the paper's transaction.
public struct GraphStage: Sendable {
    public let extractor: GraphExtractor

    public init(extractor: GraphExtractor) {
        self.extractor = extractor
    }

    /// The default extractor over the shipped domain lexicon.
    public static func embedded() throws -> GraphStage {
        GraphStage(extractor: GraphExtractor(lexicon: try Lexicon.load()))
    }

    /// Extracts the paper's graph. Negated ("does not increase") and hedged ("may increase")
    /// statements are stored as evidence with their polarity and cue (they do not count in a
    /// relation's weight); relations stated in several sentences keep every sentence.
    public func record(for paper: PaperRecord) -> GraphRecord {
        let input = PaperInput(
            paperKey: paper.key, keywords: paper.keywords.map(\.keyword),
            chunks: paper.extractorChunks)
        return Self.map(extractor.extract(paper: input))
    }

    /// Extracts a stored paper's graph from its stored chunks (for `graph rebuild`): the same
    /// extraction as at ingest, so an unchanged extractor gives back the same graph.
    public func extract(_ paper: StoredPaperText) -> PaperGraph {
        extractor.extract(paper: StoredPaperText.input(paper))
    }

    /// The record Store writes for an extracted paper graph.
    public static func map(_ g: PaperGraph) -> GraphRecord {
        var record = GraphRecord()
        record.entities = g.entities.map { e in
            // The entity's own name is always one of its paper-scoped aliases: that row is the
            // provenance that keeps the entity while this paper exists (and only then).
            var seen = Set<String>([e.key])
            let aliases = [GraphRecord.Alias(alias: e.name, normalized: e.key, source: e.source.rawValue)]
                + e.aliases.filter { seen.insert($0.key).inserted }
                    .map { GraphRecord.Alias(alias: $0.text, normalized: $0.key, source: $0.source.rawValue) }
            return .init(key: e.key, name: e.name, type: e.type.rawValue, aliases: aliases)
        }
        // Every key a relation, value or comparison names is an entity of the record. The
        // clause reader can name a noun-phrase argument that it recorded no mention for; such
        // an entity is added as a concept under its key rather than losing the statement (or
        // failing the paper's write).
        var listed = Set(record.entities.map(\.key))
        let named = g.relations.flatMap { [$0.source, $0.target] }
            + g.propertyValues.flatMap { [$0.entity, $0.property].compactMap { $0 } }
            + g.comparisons.flatMap { [$0.a, $0.b, $0.property].compactMap { $0 } }
        for key in named where listed.insert(key).inserted {
            record.entities.append(.init(key: key, name: key, type: "concept",
                                         aliases: [GraphRecord.Alias(alias: key, normalized: key, source: "noun_phrase")]))
        }
        record.mentions = g.mentions.map {
            .init(entityKey: $0.entityKey, chunkOrdinal: $0.chunkIndex, range: $0.range, surface: $0.surface)
        }
        struct EdgeKey: Hashable { var s: String, p: String, t: String }
        var order: [EdgeKey] = []
        var evidence: [EdgeKey: [GraphRecord.Evidence]] = [:]
        var seenEvidence = Set<String>()
        for r in g.relations {
            let key = EdgeKey(s: r.source, p: r.predicate.rawValue, t: r.target)
            let tag = "\(key.s)|\(key.p)|\(key.t)|\(r.evidence.chunkIndex)|\(r.evidence.sentenceRange.lowerBound)"
            guard seenEvidence.insert(tag).inserted else { continue }
            if evidence[key] == nil { order.append(key) }
            evidence[key, default: []].append(.init(
                chunkOrdinal: r.evidence.chunkIndex, sentenceRange: r.evidence.sentenceRange, sentence: r.evidence.sentence,
                polarity: GraphRecord.Polarity(r.polarity), cue: r.cue))
        }
        record.relations = order.map { .init(source: $0.s, predicate: $0.p, target: $0.t, evidence: evidence[$0] ?? []) }
        record.propertyValues = g.propertyValues.map { v in
            .init(entityKey: v.entity, propertyKey: v.property, low: v.quantity.low, high: v.quantity.high, unit: v.quantity.unit,
                  original: v.quantity.text, chunkOrdinal: v.evidence.chunkIndex, sentenceRange: v.evidence.sentenceRange,
                  condition: v.condition)
        }
        record.comparisons = g.comparisons.map { c in
            .init(a: c.a, b: c.b, propertyKey: c.property, direction: c.direction.rawValue, ratio: c.ratio, trigger: c.trigger,
                  polarity: GraphRecord.Polarity(c.polarity), chunkOrdinal: c.evidence.chunkIndex,
                  sentenceRange: c.evidence.sentenceRange, sentence: c.evidence.sentence)
        }
        return record
    }
}

extension StoredPaperText {
    /// The extractor's input for a stored paper.
    static func input(_ paper: StoredPaperText) -> PaperInput {
        PaperInput(paperKey: paper.paperKey, keywords: paper.keywords,
                   chunks: paper.chunks.map { .init(index: $0.ordinal, section: $0.kind, sectionType: $0.sectionType, text: $0.text) })
    }
}

extension PaperRecord {
    /// The paper's chunks as the extractor reads them, each with its section's normalised type.
    var extractorChunks: [PaperInput.Chunk] {
        let types = Dictionary(sections.map { ($0.ordinal, $0.normalizedType) }, uniquingKeysWith: { a, _ in a })
        return chunks.map { .init(index: $0.ordinal, section: $0.kind, sectionType: $0.sectionOrdinal.flatMap { types[$0] ?? nil }, text: $0.text) }
    }
}

extension GraphRecord.Polarity {
    /// The stored polarity of an extracted statement.
    init(_ polarity: Graph.Polarity) {
        switch polarity {
        case .asserted: self = .asserted
        case .negated: self = .negated
        case .hedged: self = .hedged
        }
    }
}
