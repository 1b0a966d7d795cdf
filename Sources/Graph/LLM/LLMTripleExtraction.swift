import Foundation

/// The optional LLM extractor's pure half (no HTTP): the chat prompt for one chunk, and the
/// parsing and validation of the model's reply into a chunk graph with evidence.
///
/// In the style of GraphReasoning (../shared/docs/method.md section 6), but typed and with
/// evidence: the model is asked for `{"source","source_type","predicate","target",
/// "target_type","sentence"}` triples, and a triple is kept only when its predicate is one of
/// `allowedPredicates`, both names are non-empty and its sentence is found in the chunk.
///
///     let llm = LLMTripleExtraction(lexicon: try Lexicon.load())
///     let prompt = llm.prompt(for: chunk)              // send prompt.system / prompt.user
///     let result = try llm.extract(reply: text, chunk: chunk, paperKey: "doi:...")
///     let graph = embeddedGraph.merged(with: result.graph)
public struct LLMTripleExtraction: Sendable {
    /// Settings with defaults.
    public struct Options: Sendable {
        /// Most triples the prompt asks for per chunk. Default 20.
        public var maxTriplesPerChunk = 20
        /// A quoted sentence shorter than this (in Unicode scalars, trimmed) is not looked up:
        /// a few words match too many places to be evidence. Default 12.
        public var minSentenceLength = 12
        /// Creates default options.
        public init() {}
    }

    /// Predicates the LLM may use: every typed one except CO_OCCURS (the embedded extractor's
    /// weak edge) and HAS_VALUE (values come from the quantity parser, with units).
    public static let allowedPredicates: [RelationPredicate] =
        RelationPredicate.allCases.filter { $0 != .coOccurs && $0 != .hasValue }

    /// The lexicon: names it knows take its key, term and type, so LLM entities merge with the
    /// embedded extractor's.
    public let lexicon: Lexicon
    /// The options.
    public let options: Options
    let segmenter: any SentenceSegmenting

    /// Creates the extraction over a lexicon and a sentence splitter (default: rule-based).
    public init(lexicon: Lexicon, segmenter: any SentenceSegmenting = RuleSentenceSegmenter(), options: Options = Options()) {
        self.lexicon = lexicon
        self.segmenter = segmenter
        self.options = options
    }

    /// Parses and validates the reply to `prompt(for: chunk)`: the chunk's graph (entities,
    /// mentions, relations with evidence) and the triples that were dropped, with reasons.
    /// Throws `GraphError(.llmReplyMalformed)` naming the chunk when the reply holds no JSON
    /// array.
    public func extract(reply: String, chunk: PaperInput.Chunk, paperKey: String) throws -> LLMChunkResult {
        let objects: [Any]
        do {
            objects = try LLMReplyParser.array(in: reply)
        } catch let problem as LLMReplyParser.Problem {
            let head = String(reply.prefix(200))
            throw GraphError(
                .llmReplyMalformed,
                "the LLM reply for chunk \(chunk.index) of \(paperKey) is not a JSON array of triples (\(problem.what)); "
                    + "the reply begins: \"\(head)\"\(reply.count > 200 ? "…" : ""); "
                    + "use a model that follows instructions, or check the endpoint returns the model's text")
        }
        var builder = LLMChunkGraphBuilder(paperKey: paperKey, chunk: chunk, lexicon: lexicon, segmenter: segmenter,
                                           minSentenceLength: options.minSentenceLength)
        var dropped: [LLMDroppedTriple] = []
        for (i, object) in objects.enumerated() {
            switch LLMTriple.check(object) {
            case .dropped(let reason, let detail):
                dropped.append(LLMDroppedTriple(index: i, reason: reason, detail: detail))
            case .triple(let triple):
                if let (reason, detail) = builder.add(triple) {
                    dropped.append(LLMDroppedTriple(index: i, reason: reason, detail: detail))
                }
            }
        }
        return LLMChunkResult(chunkIndex: chunk.index, graph: builder.graph(), triples: objects.count, dropped: dropped)
    }
}

/// One triple as the LLM wrote it, after the field checks (names non-empty, predicate known).
public struct LLMTriple: Sendable, Hashable, Codable {
    /// The source entity's name as written.
    public var source: String
    /// The source type as written (may be unknown: then `concept`).
    public var sourceType: String
    /// The predicate, normalised ("is a" -> IS_A).
    public var predicate: RelationPredicate
    /// The target entity's name as written.
    public var target: String
    /// The target type as written.
    public var targetType: String
    /// The sentence the model quoted as evidence.
    public var sentence: String
    /// The polarity the model gave ("asserted", "negated", "hedged"); nil when it gave none
    /// or an unknown one (the sentence's own cues decide then).
    public var polarity: Polarity?

    /// Creates a triple.
    public init(source: String, sourceType: String, predicate: RelationPredicate, target: String, targetType: String, sentence: String,
                polarity: Polarity? = nil) {
        self.source = source
        self.sourceType = sourceType
        self.predicate = predicate
        self.target = target
        self.targetType = targetType
        self.sentence = sentence
        self.polarity = polarity
    }

    /// A polarity as the model may write it ("Negated", "negative", "hedge"; `"negated": true`).
    static func polarity(_ value: Any?) -> Polarity? {
        if let flag = value as? Bool { return flag ? .negated : .asserted }
        guard let text = (value as? String)?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() else { return nil }
        switch text {
        case "asserted", "assert", "positive", "affirmed", "stated": return .asserted
        case "negated", "negative", "denied", "negation": return .negated
        case "hedged", "hedge", "speculative", "possible", "uncertain": return .hedged
        default: return nil
        }
    }

    /// A predicate as the model may write it ("is a", "Part-Of", "increases"), or nil when it
    /// is not one of `LLMTripleExtraction.allowedPredicates`.
    public static func predicate(_ text: String) -> RelationPredicate? {
        var s = ""
        var lastUnderscore = true
        for c in text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased().unicodeScalars {
            if c == " " || c == "-" || c == "_" {
                if !lastUnderscore { s += "_" }
                lastUnderscore = true
            } else {
                s.unicodeScalars.append(c)
                lastUnderscore = false
            }
        }
        if s.hasSuffix("_") { s.removeLast() }
        guard let p = RelationPredicate(rawValue: s), LLMTripleExtraction.allowedPredicates.contains(p) else { return nil }
        return p
    }

    /// An entity type as the model may write it ("Cell tissue", "MATERIAL"); unknown types are `concept`.
    public static func entityType(_ text: String) -> EntityType {
        let s = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
        return EntityType(rawValue: s) ?? (s == "cell" || s == "tissue" ? .cellTissue : .concept)
    }

    /// The outcome of checking one element of the reply array.
    enum Checked {
        case triple(LLMTriple)
        case dropped(LLMDroppedTriple.Reason, String)
    }

    /// Checks one element of the reply array: an object with non-empty `source`, `predicate`,
    /// `target` and `sentence` strings and an allowed predicate (types are optional).
    static func check(_ object: Any) -> Checked {
        guard let o = object as? [String: Any] else {
            return .dropped(.notAnObject, "element is \(type(of: object)), not an object")
        }
        func text(_ key: String) -> String? {
            guard let s = o[key] as? String else { return nil }
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        }
        for key in ["source", "predicate", "target", "sentence"] where text(key) == nil {
            return .dropped(o[key] == nil ? .missingField : .emptyField, key)
        }
        let rawPredicate = text("predicate")!
        guard let predicate = predicate(rawPredicate) else { return .dropped(.unknownPredicate, rawPredicate) }
        return .triple(LLMTriple(source: text("source")!, sourceType: text("source_type") ?? "", predicate: predicate,
                                 target: text("target")!, targetType: text("target_type") ?? "", sentence: text("sentence")!,
                                 polarity: polarity(o["polarity"]) ?? polarity(o["negated"])))
    }
}
