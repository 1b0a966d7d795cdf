import Foundation

/// Scores extracted paper graphs against hand-written facts (`GraphFact`): per fact, the
/// relations read from its evidence sentence (case- and whitespace-folded containment either
/// way) between entities its subject and object name (`EntityNameMatcher`). Pure: no I/O.
///
///     let report = GraphEvaluation(lexicon: lexicon).evaluate(facts, graphs: ["paper.xml": graph])
///     print(report.renderTable())
public struct GraphEvaluation: Sendable {
    /// The lexicon the extractor used (synonyms count as the same entity).
    public let lexicon: Lexicon

    /// Creates a scorer.
    public init(lexicon: Lexicon) { self.lexicon = lexicon }

    /// Predicates whose direction does not matter.
    static let symmetric: Set<RelationPredicate> = [.correlatesWith, .similarTo, .binds, .coOccurs]

    /// Lower case, every whitespace run one space, trimmed.
    public static func fold(_ s: String) -> String {
        s.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Whether a relation's evidence sentence is the fact's sentence.
    static func sameSentence(_ fact: String, _ sentence: String) -> Bool {
        let s = fold(sentence)
        guard !s.isEmpty else { return false }
        return s.contains(fact) || (s.count >= 40 && fact.contains(s))
    }

    /// Scores `facts`; `graphs` are keyed by paper file name (`GraphFact.paperFile`).
    public func evaluate(_ facts: [GraphFact], graphs: [String: PaperGraph]) -> GraphEvaluationReport {
        var report = GraphEvaluationReport()
        var missing = Set<String>()
        var matchers: [String: EntityNameMatcher] = [:]
        for fact in facts {
            guard let graph = graphs[fact.paperFile] ?? graphs[fact.paper] else {
                missing.insert(fact.paper)
                var c = GraphEvaluationReport.Counts()
                c.facts = 1
                if fact.negated { c.negatedFacts = 1 }
                report.total.add(c)
                report.byPredicate[fact.predicate, default: .init()].add(c)
                continue
            }
            let matcher = matchers[fact.paperFile] ?? EntityNameMatcher(lexicon: lexicon, graph: graph)
            matchers[fact.paperFile] = matcher
            let (c, miss) = score(fact, graph: graph, matcher: matcher)
            report.total.add(c)
            report.byPredicate[fact.predicate, default: .init()].add(c)
            if let miss { report.misses.append(miss) }
        }
        report.missingPapers = missing.sorted()
        return report
    }

    func score(_ fact: GraphFact, graph: PaperGraph, matcher: EntityNameMatcher) -> (GraphEvaluationReport.Counts, GraphEvaluationReport.Miss?) {
        var c = GraphEvaluationReport.Counts()
        c.facts = 1
        if fact.negated { c.negatedFacts = 1 }
        let evidence = Self.fold(fact.evidence)
        let rels = graph.relations.filter { Self.sameSentence(evidence, $0.evidence.sentence) }
        let values = graph.propertyValues.filter { Self.sameSentence(evidence, $0.evidence.sentence) }
        let comparisons = graph.comparisons.filter { Self.sameSentence(evidence, $0.evidence.sentence) }
        if !rels.isEmpty || !values.isEmpty || !comparisons.isEmpty { c.evidenceYield = 1 }
        let subjects = fact.subject.map { matcher.entities(named: $0) } ?? []
        let objects = matcher.entities(named: fact.object)
        let pair = rels.filter {
            (subjects.contains($0.source) && objects.contains($0.target)) || (subjects.contains($0.target) && objects.contains($0.source))
        }
        let compared = comparisons.contains {
            (subjects.contains($0.a) && objects.contains($0.b)) || (subjects.contains($0.b) && objects.contains($0.a))
                || ($0.property.map { objects.contains($0) || subjects.contains($0) } ?? false)
                    && (subjects.contains($0.a) || objects.contains($0.a))
        }
        let predicate = fact.relationPredicate!
        if !pair.isEmpty || compared { c.anyEdge = 1 }
        if predicate == .hasValue {
            let numbered = values.filter { Self.numberMatches(fact, $0.quantity) }
            if !numbered.isEmpty { c.anyEdge = 1 }
            let forProperty = numbered.filter { objects.contains($0.property) }
            if !forProperty.isEmpty { c.typedEdge = 1 }
            if forProperty.contains(where: { v in fact.subject == nil || v.entity.map { subjects.contains($0) } ?? false }) {
                c.samePredicate = 1
            }
        } else {
            if pair.contains(where: { $0.predicate != .coOccurs }) { c.typedEdge = 1 }
            if pair.contains(where: {
                $0.predicate == predicate && (Self.symmetric.contains(predicate) || (subjects.contains($0.source) && objects.contains($0.target)))
            }) { c.samePredicate = 1 }
        }
        if fact.negated {
            if pair.contains(where: { $0.polarity == .asserted }) { c.negatedStoredAsserted = 1 }
            if pair.contains(where: { $0.polarity == .negated }) { c.negatedMarked = 1 }
        } else if !pair.isEmpty, pair.allSatisfy({ $0.polarity == .negated }) {
            c.assertedStoredNegated = 1
        }
        var miss: GraphEvaluationReport.Miss?
        if c.samePredicate == 0 || c.negatedStoredAsserted == 1 || (fact.negated && c.negatedMarked == 0) {
            let name = (fact.negated ? "!" : "") + "\(fact.subject ?? "-") \(fact.predicate) \(fact.object)"
            var found: String
            if rels.isEmpty && values.isEmpty { found = "no relation from the sentence" }
            else if pair.isEmpty {
                found = "no edge between them; subject -> [\(subjects.sorted().joined(separator: ", "))], object -> [\(objects.sorted().joined(separator: ", "))]; sentence has: "
                    + rels.prefix(6).map { Self.describe($0) }.joined(separator: "; ")
                if predicate == .hasValue {
                    found += "; values: " + values.map { "\($0.entity ?? "-") \($0.property) \($0.quantity.text)" }.joined(separator: "; ")
                }
            } else { found = pair.map { Self.describe($0) }.joined(separator: "; ") }
            miss = .init(line: fact.line, fact: name, found: found)
        }
        return (c, miss)
    }

    static func describe(_ r: Relation) -> String {
        (r.polarity == .negated ? "!" : r.polarity == .hedged ? "?" : "") + "\(r.source) \(r.predicate.rawValue) \(r.target)"
    }

    /// The fact's number (or range) equals the quantity's within 1%, in SI.
    static func numberMatches(_ fact: GraphFact, _ q: Quantity) -> Bool {
        guard let (lo, hi) = fact.siBounds else { return false }
        func close(_ a: Double?, _ b: Double) -> Bool {
            guard let a else { return false }
            return abs(a - b) <= 0.01 * max(abs(a), abs(b)) + 1e-12
        }
        if lo == hi {
            return close(q.central, lo) || close(q.low, lo) || close(q.high, lo)
        }
        return close(q.low, lo) && close(q.high, hi)
    }
}
