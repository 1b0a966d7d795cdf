import Foundation

/// One hand-written fact of a graph evaluation set (one JSON object a line):
///
///     {"paper": "journal.pbio.0020395.xml", "subject": "mineral content", "predicate": "DETERMINES",
///      "object": "toughness", "evidence": "<the sentence, verbatim>", "negated": true}
///
/// HAS_VALUE facts add `"value": {"number": 20}` or `{"low": 10, "high": 20}` and `"unit": "GPa"`;
/// their subject is the entity having the value (or null) and their object the property.
public struct GraphFact: Sendable, Hashable, Codable {
    /// A stated value: one number or a range.
    public struct Value: Sendable, Hashable, Codable {
        /// The single number, if one.
        public var number: Double?
        /// The lower bound of a range.
        public var low: Double?
        /// The upper bound of a range.
        public var high: Double?
        /// Creates a value.
        public init(number: Double? = nil, low: Double? = nil, high: Double? = nil) {
            self.number = number; self.low = low; self.high = high
        }
    }

    /// The paper: a file name (matched by its last path component) or a path.
    public var paper: String
    /// The subject's name as written; nil for a HAS_VALUE fact whose sentence names no entity.
    public var subject: String?
    /// The predicate's raw value ("INCREASES", "HAS_VALUE").
    public var predicate: String
    /// The object's name as written (the property for HAS_VALUE).
    public var object: String
    /// The sentence that states the fact, verbatim.
    public var evidence: String
    /// True when the sentence states that the relation does not hold.
    public var negated: Bool
    /// For HAS_VALUE: the value in `unit`.
    public var value: Value?
    /// For HAS_VALUE: the unit as written ("GPa", "MJ/m3").
    public var unit: String?
    /// The 1-based line in the file it was read from (not encoded).
    public var line: Int = 0

    enum CodingKeys: String, CodingKey { case paper, subject, predicate, object, evidence, negated, value, unit }

    /// Creates a fact.
    public init(paper: String, subject: String?, predicate: String, object: String, evidence: String, negated: Bool = false,
                value: Value? = nil, unit: String? = nil, line: Int = 0) {
        self.paper = paper; self.subject = subject; self.predicate = predicate; self.object = object
        self.evidence = evidence; self.negated = negated; self.value = value; self.unit = unit; self.line = line
    }

    /// The paper's file name (last path component).
    public var paperFile: String { (paper as NSString).lastPathComponent }

    /// The predicate, when it is one the extractor knows.
    public var relationPredicate: RelationPredicate? { RelationPredicate(rawValue: predicate) }

    /// Reads a JSONL fact file; throws `GraphError(.factMalformed)` naming the source and line.
    public static func load(jsonl text: String, source: String) throws -> [GraphFact] {
        var out: [GraphFact] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            var fact: GraphFact
            do {
                fact = try JSONDecoder().decode(GraphFact.self, from: Data(line.utf8))
            } catch {
                throw GraphError(.factMalformed, "\(source):\(i + 1): not a fact object (paper, subject, predicate, object, evidence, negated): \(error)")
            }
            fact.line = i + 1
            guard fact.relationPredicate != nil else {
                let known = RelationPredicate.allCases.map(\.rawValue).joined(separator: ", ")
                throw GraphError(.factMalformed, "\(source):\(i + 1): unknown predicate '\(fact.predicate)'; use one of \(known)")
            }
            if fact.relationPredicate == .hasValue {
                guard let v = fact.value, v.number != nil || (v.low != nil && v.high != nil), let u = fact.unit, !u.isEmpty else {
                    throw GraphError(.factMalformed, "\(source):\(i + 1): a HAS_VALUE fact needs \"value\": {\"number\": x} or {\"low\": a, \"high\": b} and \"unit\"")
                }
            }
            guard !fact.evidence.trimmingCharacters(in: .whitespaces).isEmpty, !fact.object.isEmpty else {
                throw GraphError(.factMalformed, "\(source):\(i + 1): empty evidence or object")
            }
            out.append(fact)
        }
        return out
    }

    /// The fact's value converted to SI as the extractor stores it: (low, high); nil when the
    /// unit is not one the quantity parser reads.
    public var siBounds: (low: Double, high: Double)? {
        guard let v = value, let unit else { return nil }
        func si(_ x: Double) -> Double? {
            let text = "\(x) \(unit)"
            let s = Array(text.unicodeScalars)
            return QuantityParser.quantities(s, in: 0..<s.count).first.flatMap { $0.quantity.central ?? $0.quantity.low }
        }
        if let n = v.number, let x = si(n) { return (x, x) }
        if let lo = v.low, let hi = v.high, let a = si(lo), let b = si(hi) { return (a, b) }
        return nil
    }
}
