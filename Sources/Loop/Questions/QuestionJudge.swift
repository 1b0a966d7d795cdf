import Foundation
import Reasoning
import Store

/// The verdict on one question.
public struct JudgedQuestion: Sendable, Codable, Equatable {
    public var id: Int64
    public var question: String
    public var kind: String
    public var grammatical: Bool
    public var selfContained: Bool
    /// Share of the question's content words found in its source chunks.
    public var evidenceOverlap: Double
    public var answerable: Bool
    /// The highest cosine with another judged question, and which.
    public var nearestCosine: Double
    public var nearestID: Int64?
    public var nearDuplicate: Bool
    /// Every check passed.
    public var passed: Bool
    /// Why it failed, in words.
    public var problems: [String]
}

/// What `QuestionJudge.judge` found over a set of questions.
public struct QuestionJudgement: Sendable, Codable, Equatable {
    public var questions: Int
    public var grammatical: Double
    public var selfContained: Double
    public var answerable: Double
    /// Pairs of questions at or above the near-duplicate threshold.
    public var nearDuplicatePairs: Int
    /// Share of questions that pass every check (the issue's target: >= 0.9).
    public var passed: Double
    public var overlapThreshold: Double
    public var duplicateThreshold: Double
    public var judged: [JudgedQuestion]
}

/// An independent judge of generated questions (issue 12 acceptance), with rules of its own
/// rather than the writer's filters:
///
/// - **grammatical**: one sentence, a capital first letter, an interrogative or auxiliary first
///   word, exactly one `?` at the end, balanced brackets, no doubled word, no empty slot (`()`,
///   ` ,`, two spaces), no dangling function word before the `?`, 5-60 words;
/// - **self-contained**: no reference to a document or its parts ("this paper/study/work", "the
///   authors", "the text/passage/article", "figure", "table", "above", "we", "our"), no pronoun
///   or demonstrative in the first three words ("How does it…", "What do these…"), and no
///   "this/these/those" before a generic noun in the first clause ("this material", "these
///   samples"; after a comma it may point back to the clause before: "…, and what mechanism
///   underlies this effect?");
/// - **answerable**: at least `overlapThreshold` of its content words (stop words and the
///   question-form vocabulary left out, crude stemming) occur in the text of its source chunks;
/// - **no near-duplicates**: no other judged question at MiniLM cosine >= `duplicateThreshold`.
public struct QuestionJudge: Sendable {
    public let database: Database
    public let embedder: SentenceEmbedder
    public var overlapThreshold = 0.7
    public var duplicateThreshold = 0.9

    public init(database: Database, embedder: SentenceEmbedder) {
        self.database = database; self.embedder = embedder
    }

    static let firstWords: Set<String> = [
        "how", "what", "which", "why", "when", "where", "who", "whom", "whose", "in", "to", "by", "through", "under", "for", "at",
        "is", "are", "does", "do", "did", "can", "could", "would", "should", "will", "was", "were", "has", "have", "given", "compared",
        "on", "from", "with", "if",
    ]
    static let danglingEnd: Set<String> = ["the", "a", "an", "of", "and", "or", "to", "in", "with", "by", "for", "from", "on", "at", "its", "their"]
    static let pronouns: Set<String> = ["it", "its", "they", "them", "their", "this", "these", "those", "he", "she", "his", "her", "such"]
    static let generic: Set<String> = [
        "paper", "study", "work", "article", "material", "materials", "sample", "samples", "system", "systems", "approach", "method",
        "methods", "result", "results", "effect", "effects", "process", "structure", "structures", "model", "experiment", "case",
        "finding", "findings", "data", "value", "values", "property", "properties",
    ]
    static let documentPatterns = [
        #"\bthis (paper|study|work|article|review|report|chapter|section|manuscript)\b"#, #"\bthe (authors?|text|passage|article|paper|study|excerpt|document)\b"#,
        #"\b(figure|fig\.|table|supplementary)\b"#, #"\b(above|aforementioned|mentioned earlier)\b"#, #"\b(we|our|us)\b"#, #"\bin the (given|provided) (context|text)\b"#,
    ]
    static let stop: Set<String> = [
        "the", "a", "an", "of", "and", "or", "to", "in", "on", "at", "by", "for", "with", "from", "into", "as", "is", "are", "was", "were", "be",
        "been", "being", "does", "do", "did", "how", "what", "which", "why", "when", "where", "who", "that", "this", "these", "those", "its",
        "their", "it", "they", "than", "then", "there", "can", "could", "would", "should", "will", "has", "have", "had", "not", "no", "such",
        "between", "across", "through", "under", "over", "per", "both", "each", "other", "more", "most", "less", "least", "about", "while",
        "whose", "within", "without", "among", "also", "very", "much", "many", "any", "some", "all", "one", "two",
        // question-form vocabulary (how a question asks, not what it asks about)
        "affect", "affects", "effect", "effects", "mechanism", "mechanisms", "underlie", "underlies", "underlying", "explain", "explains",
        "role", "play", "plays", "value", "values", "reach", "reaches", "design", "principle", "principles", "compare", "compared",
        "comparison", "differ", "differs", "difference", "contribute", "contributes", "relate", "relates", "relationship", "influence",
        "influences", "determine", "determines", "give", "gives", "rise", "lead", "leads", "result", "results", "behaviour", "behavior",
        "property", "properties", "feature", "features", "set", "sets", "level", "levels", "hierarchy", "hierarchical", "structural",
        "condition", "conditions", "measured", "stated", "typical", "typically", "used", "use", "make", "makes", "factor", "factors",
        "responsible", "account", "accounts", "achieve", "achieves", "way", "ways", "enable", "enables", "underpin", "underpins",
        "expect", "expected", "change", "changes", "increase", "increases", "decrease", "decreases", "higher", "lower", "high", "low",
        // what kind of answer is asked for: scale, design and engineering vocabulary any expert
        // question may use whatever its source says
        "limit", "limits", "size", "tune", "tuned", "practice", "alter", "alters", "mediate", "mediates", "molecular",
        "microstructural", "govern", "governs", "interaction", "interactions", "mechanical", "material", "origin", "shape",
        "shapes", "suitable", "trade-off", "trade-offs", "arise", "arises", "guide", "engineered", "alternative", "alternatives",
        "synthetic", "drawn", "built", "composition", "face", "follow", "follows", "raise", "raises", "lowers", "applied",
        "apply", "length", "scale", "scales", "act", "acts", "produce", "produces", "building", "block", "blocks", "emerge",
        "emerges", "contribution", "despite", "similar", "gap", "explanation", "relationships", "link", "links",
        "structure", "structures", "microstructure", "molecule", "mechanistic", "basis", "kind",
    ]
    /// British and American spellings of one word ("mineralisation", "fibre", "behaviour"): the
    /// question may use the graph's normalised name while its source keeps the author's spelling.
    public static func spelling(_ w: String) -> String {
        var w = w
        for (a, b) in [("isation", "ization"), ("isations", "izations"), ("yse", "yze"), ("ysed", "yzed"), ("ysing", "yzing")] where w.hasSuffix(a) {
            w = String(w.dropLast(a.count)) + b
        }
        if w.count >= 7, !["exercise", "otherwise", "comprise", "comprised", "comprises", "compromise", "surprise", "surprised",
                           "expertise", "precise", "concise", "promise", "promised", "premise", "supervise", "revise", "revised",
                           "devise", "devised", "advertise", "franchise", "improvise"].contains(w) {
            for (a, b) in [("ised", "ized"), ("ises", "izes"), ("ising", "izing"), ("ise", "ize")] where w.hasSuffix(a) {
                w = String(w.dropLast(a.count)) + b; break
            }
        }
        if w.hasSuffix("our"), w.count >= 6 { w = String(w.dropLast(3)) + "or" }
        if w.hasSuffix("ours"), w.count >= 7 { w = String(w.dropLast(4)) + "ors" }
        for (a, b) in [("fibre", "fiber"), ("fibres", "fibers"), ("centre", "center"), ("metre", "meter"), ("litre", "liter")] where w.hasSuffix(a) {
            w = String(w.dropLast(a.count)) + b
        }
        return w
    }

    /// Lower-case words (letters, digits, hyphens), crude stem: a trailing "s" dropped from words of 5+ letters.
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "-") }.map(String.init).filter { !$0.isEmpty }
    }

    static func stem(_ w: String) -> String {
        let w = spelling(w)
        return w.count >= 5 && w.hasSuffix("s") && !w.hasSuffix("ss") ? String(w.dropLast()) : w
    }

    /// Problems with the question's grammar (empty: grammatical).
    public static func grammarProblems(_ q: String) -> [String] {
        var out: [String] = []
        let t = q.trimmingCharacters(in: .whitespacesAndNewlines)
        let ws = words(t)
        if ws.count < 5 || ws.count > 60 { out.append("\(ws.count) words") }
        if !(t.first?.isUppercase ?? false) { out.append("no capital first letter") }
        if let f = ws.first, !firstWords.contains(f) { out.append("first word \"\(f)\" does not open a question") }
        if !t.hasSuffix("?") || t.filter({ $0 == "?" }).count != 1 { out.append("not exactly one '?' at the end") }
        for (o, c) in [("(", ")"), ("[", "]")] where t.filter({ String($0) == o }).count != t.filter({ String($0) == c }).count {
            out.append("unbalanced \(o)\(c)")
        }
        for (a, b) in zip(ws, ws.dropFirst()) where a == b && !a.allSatisfy(\.isNumber) { out.append("doubled word \"\(a)\""); break }
        if t.contains("()") || t.contains(" ,") || t.contains("  ") || t.contains(" ?") || t.contains(",,") { out.append("an empty slot or stray space") }
        if let last = ws.last, danglingEnd.contains(last) { out.append("ends on \"\(last)\"") }
        if t.dropLast().contains(where: { $0 == "." }) && t.range(of: #"\.\s+[A-Z]"#, options: .regularExpression) != nil { out.append("more than one sentence") }
        return out
    }

    /// Problems with self-containment (empty: self-contained).
    public static func contextProblems(_ q: String) -> [String] {
        var out: [String] = []
        let lower = q.lowercased()
        for p in documentPatterns {
            if let r = lower.range(of: p, options: .regularExpression) { out.append("refers to a document: \"\(lower[r])\"") }
        }
        let ws = words(q)
        if let p = ws.prefix(3).first(where: pronouns.contains) { out.append("dangling \"\(p)\" in the first words") }
        // "this/these + generic noun" before the first comma has nothing in the question to
        // point back to ("What is the toughness of this material?"); after it, it may name the
        // clause before ("How does X affect Y, and what mechanism underlies this effect?").
        let firstClause = words(String(q.prefix { $0 != "," }))
        for (a, b) in zip(firstClause, firstClause.dropFirst()) where ["this", "these", "those"].contains(a) && generic.contains(b) {
            out.append("\"\(a) \(b)\" points at something not named"); break
        }
        return out
    }

    /// Content words of `q` and the share of them in `source`.
    public static func overlap(_ q: String, source: String) -> Double {
        let content = Set(words(q).filter { !stop.contains($0) && $0.count >= 3 && !$0.allSatisfy(\.isNumber) }.map(stem))
        guard !content.isEmpty else { return 0 }
        let have = Set(words(source).map(stem))
        return Double(content.filter(have.contains).count) / Double(content.count)
    }

    /// Judges `questions` (with their source chunks' text from the database).
    public func judge(_ questions: [StoredQuestion]) async throws -> QuestionJudgement {
        let chunks = try await ChunkRepository(database).contexts(ids: Array(Set(questions.flatMap(\.chunkIDs))))
        let text = Dictionary(chunks.map { ($0.chunkID, $0.text) }, uniquingKeysWith: { a, _ in a })
        let vectors = await embedder.embed(questions.map(\.question))
        var judged: [JudgedQuestion] = []
        var duplicatePairs = 0
        for (i, q) in questions.enumerated() {
            var nearest = 0.0, nearestID: Int64?
            for j in questions.indices where j != i {
                let c = SentenceEmbedder.cosine(vectors[i], vectors[j])
                if c > nearest { nearest = c; nearestID = questions[j].id }
                if j > i && c >= duplicateThreshold { duplicatePairs += 1 }
            }
            let grammar = Self.grammarProblems(q.question), context = Self.contextProblems(q.question)
            let source = q.chunkIDs.compactMap { text[$0] }.joined(separator: "\n")
            let ov = Self.overlap(q.question, source: source)
            var problems = grammar + context
            if ov < overlapThreshold { problems.append(String(format: "evidence overlap %.2f below %.2f", ov, overlapThreshold)) }
            let dup = nearest >= duplicateThreshold
            if dup { problems.append(String(format: "near-duplicate of question %lld (cosine %.3f)", nearestID ?? 0, nearest)) }
            judged.append(JudgedQuestion(id: q.id, question: q.question, kind: q.kind, grammatical: grammar.isEmpty, selfContained: context.isEmpty,
                                         evidenceOverlap: (ov * 1000).rounded() / 1000, answerable: ov >= overlapThreshold,
                                         nearestCosine: (nearest * 1000).rounded() / 1000, nearestID: nearestID, nearDuplicate: dup,
                                         passed: problems.isEmpty, problems: problems))
        }
        let n = Double(max(judged.count, 1))
        func share(_ f: (JudgedQuestion) -> Bool) -> Double { (Double(judged.filter(f).count) / n * 1000).rounded() / 1000 }
        return QuestionJudgement(questions: judged.count, grammatical: share(\.grammatical), selfContained: share(\.selfContained),
                                 answerable: share(\.answerable), nearDuplicatePairs: duplicatePairs, passed: share(\.passed),
                                 overlapThreshold: overlapThreshold, duplicateThreshold: duplicateThreshold, judged: judged)
    }
}
