/// What `LLMTripleExtraction.extract` made of one chunk's reply.
public struct LLMChunkResult: Sendable, Hashable {
    /// The chunk's index.
    public var chunkIndex: Int
    /// The chunk's graph: entities and mentions of the kept triples, relations with evidence
    /// (negated ones marked, as the embedded extractor does; Ingest does not store them).
    public var graph: PaperGraph
    /// Elements in the reply's array.
    public var triples: Int
    /// The elements that were not kept, with reasons.
    public var dropped: [LLMDroppedTriple]

    /// Creates a result.
    public init(chunkIndex: Int, graph: PaperGraph, triples: Int, dropped: [LLMDroppedTriple]) {
        self.chunkIndex = chunkIndex
        self.graph = graph
        self.triples = triples
        self.dropped = dropped
    }

    /// Triples kept as relations.
    public var kept: Int { triples - dropped.count }

    /// How many were dropped for this reason.
    public func dropped(_ reason: LLMDroppedTriple.Reason) -> Int { dropped.filter { $0.reason == reason }.count }
}

/// One element of a reply that did not become a relation.
public struct LLMDroppedTriple: Sendable, Hashable {
    /// Why an element was dropped.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// The element is not a JSON object.
        case notAnObject = "not_an_object"
        /// A required key (source, predicate, target, sentence) is absent or not a string.
        case missingField = "missing_field"
        /// A required key is an empty string.
        case emptyField = "empty_field"
        /// The predicate is not one of `LLMTripleExtraction.allowedPredicates`.
        case unknownPredicate = "unknown_predicate"
        /// A name normalises to nothing (only punctuation).
        case emptyName = "empty_name"
        /// Source and target are the same entity.
        case selfLoop = "self_loop"
        /// The quoted sentence is not in the chunk (nor with whitespace normalised), or too
        /// short to be located: a relation is never stored without evidence.
        case sentenceNotFound = "sentence_not_found"
    }

    /// The element's index in the reply array.
    public var index: Int
    /// Why it was dropped.
    public var reason: Reason
    /// The field, predicate or sentence at fault.
    public var detail: String

    /// Creates a record of a dropped element.
    public init(index: Int, reason: Reason, detail: String) {
        self.index = index
        self.reason = reason
        self.detail = detail
    }
}
