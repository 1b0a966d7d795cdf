import Foundation

/// Corpus-level counts of extracted graphs: relations per predicate and polarity, the share of
/// CO_OCCURS, values, comparisons, and concepts that start like a clause fragment ("tested
/// whether ephrin": a verb or function word first), the hygiene measure of issue 10.
public struct GraphStatistics: Sendable, Hashable, Codable {
    /// Papers counted.
    public var papers = 0
    /// Relations per predicate (raw value).
    public var relationsByPredicate: [String: Int] = [:]
    /// Relations per polarity (raw value).
    public var relationsByPolarity: [String: Int] = [:]
    /// Property values.
    public var values = 0
    /// Comparisons.
    public var comparisons = 0
    /// Entities of type `concept` (noun phrases, untyped abbreviations and keywords).
    public var concepts = 0
    /// Concepts whose first word is a verb form or a function word.
    public var fragmentConcepts = 0
    /// Up to 20 such concepts, for reading.
    public var fragmentExamples: [String] = []

    /// Creates empty statistics.
    public init() {}

    /// All relations.
    public var relations: Int { relationsByPredicate.values.reduce(0, +) }
    /// Share of CO_OCCURS among relations.
    public var coOccursShare: Double {
        relations == 0 ? 0 : Double(relationsByPredicate[RelationPredicate.coOccurs.rawValue, default: 0]) / Double(relations)
    }

    /// Adds one paper's graph.
    public mutating func add(_ g: PaperGraph) {
        papers += 1
        for r in g.relations {
            relationsByPredicate[r.predicate.rawValue, default: 0] += 1
            relationsByPolarity[r.polarity.rawValue, default: 0] += 1
        }
        values += g.propertyValues.count
        comparisons += g.comparisons.count
        for e in g.entities where e.type == .concept {
            concepts += 1
            if Self.startsLikeFragment(e.name) {
                fragmentConcepts += 1
                if fragmentExamples.count < 20 { fragmentExamples.append(e.name) }
            }
        }
    }

    /// Whether a concept name reads like a clause fragment: its first word is a function word or
    /// a verb (the noun-phrase miner's and the clause reader's verb lists), or a later word is a
    /// finite verb ("organ generates substrate", "tested whether ephrin").
    public static func startsLikeFragment(_ name: String) -> Bool {
        let words = TermNormalizer.words(name).map { $0.lowercased() }
        guard let first = words.first else { return false }
        if FunctionWords.all.contains(first) || NounPhraseMiner.verbs.contains(first) || NounPhrases.verbs.contains(first) {
            return true
        }
        return words.dropLast().contains { ConceptWords.isFiniteVerb($0) }
    }

    /// A text summary.
    public func render() -> String {
        var s = String(format: "%d papers, %d relations, CO_OCCURS %.1f%%, %d values, %d comparisons, %d concepts, %d fragment concepts (%.1f%%)\n",
                       papers, relations, 100 * coOccursShare, values, comparisons, concepts, fragmentConcepts,
                       concepts == 0 ? 0 : 100 * Double(fragmentConcepts) / Double(concepts))
        for (k, v) in relationsByPredicate.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            s += "  " + k.padding(toLength: 18, withPad: " ", startingAt: 0) + String(format: "%6d\n", v)
        }
        s += "  polarity: " + relationsByPolarity.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        return s
    }
}
