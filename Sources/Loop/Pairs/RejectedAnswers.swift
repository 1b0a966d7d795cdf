import Dispatch
import Foundation
import LM
import Reasoning
import Retrieval
import Store
import Text

/// What a rejected-answer writer sees: the bare question and what the teacher retrieved.
public struct RejectionRequest: Sendable {
    public var question: String
    public var retrieval: RetrievalResult
    /// Seed of this pair's sampling.
    public var seed: UInt64
    /// The chosen side's answer (stage 2's rejection sampling compares against it); nil when
    /// the writer does not need it.
    public var chosen: Answer?

    public init(question: String, retrieval: RetrievalResult, seed: UInt64, chosen: Answer? = nil) {
        self.question = question; self.retrieval = retrieval; self.seed = seed; self.chosen = chosen
    }
}

/// Writes the rejected side of a preference pair (method.md section 2 step 5).
public protocol RejectedAnswerWriter: Sendable {
    /// What `preference_pairs.rejected_by` records ('checkpoint:<id or path>', 'teacher-fallback').
    var name: String { get }
    /// The rejected answer; empty when the writer produced nothing usable.
    func reject(_ request: RejectionRequest) async throws -> String
}

/// The model being trained answers the bare question, without context and without thinking:
/// prompt `You provide the answer to: {Q}\nThe answer is:` (BOS first), temperature 1.0,
/// top-p 0.9. Decoding runs on a dedicated serial queue, never on the cooperative pool.
public final class NativeModelRejecter: RejectedAnswerWriter {
    public let name: String
    public let maxNewTokens: Int
    private let model: LlamaModel
    private let tokenizer: BPETokenizer
    private let queue = DispatchQueue(label: "preflexor.loop.generate", qos: .userInitiated)

    /// Loads the checkpoint at `directory`; `name` defaults to 'checkpoint:<path>'.
    public init(directory: URL, name: String? = nil, maxNewTokens: Int = 96) throws {
        do {
            self.model = try LlamaCheckpoint.load(from: directory)
        } catch {
            throw LoopError(.model, "cannot load the checkpoint at \(directory.path): \(error)")
        }
        guard let tokenizer = try LlamaCheckpoint.loadTokenizer(from: directory) else {
            throw LoopError(.model, "\(directory.path) has no tokenizer.json; train one with `preflexor tokenizer train`")
        }
        self.tokenizer = tokenizer
        self.name = name ?? "checkpoint:\(directory.path)"
        self.maxNewTokens = maxNewTokens
    }

    /// The bare prompt of method.md section 2.
    public static func prompt(_ question: String) -> String {
        "You provide the answer to: \(question)\nThe answer is:"
    }

    /// Generated text as PostgreSQL can store it: byte-level tokens of a barely trained model
    /// decode to NUL and other control characters, which a text column refuses; those are
    /// dropped (newlines and tabs kept) and the ends trimmed.
    public static func storable(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for u in text.unicodeScalars where u == "\n" || u == "\t" || !(u.value < 0x20 || u.value == 0x7F || (0x80..<0xA0).contains(u.value)) {
            scalars.append(u)
        }
        return String(scalars).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func reject(_ request: RejectionRequest) async throws -> String {
        let (model, tokenizer, maxNew) = (self.model, self.tokenizer, self.maxNewTokens)
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do {
                    var ids = tokenizer.encode(Self.prompt(request.question))
                    if let bos = tokenizer.specialTokenID(SpecialTokens.beginOfText) { ids.insert(bos, at: 0) }
                    let room = model.config.maxPositionEmbeddings - maxNew
                    if ids.count > room { ids = Array(ids.suffix(max(1, room))) }
                    let stops = [SpecialTokens.endOfTurn, SpecialTokens.endOfText].compactMap { tokenizer.specialTokenID($0) }
                    let config = GenerationConfig(maxNewTokens: maxNew, temperature: 1.0, topP: 0.9, seed: request.seed,
                                                  stopTokens: Set(stops))
                    let out = try model.generate(prompt: ids, config: config)
                    let text = tokenizer.decode(out.tokens, skipSpecialTokens: false)
                    continuation.resume(returning: Self.storable(text))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}

/// method.md's fallback when no model writes the rejected side: a deliberately wrong or
/// unsupported answer from the teacher, without thinking and without citations. It states
/// what the graph denies as if it were asserted (negated edges turned positive), reverses
/// asserted causal edges, and fills with sentences of a chunk unrelated to the question
/// (seeded pick outside the retrieved ones).
public struct TeacherFallbackRejecter: RejectedAnswerWriter {
    public let name = "teacher-fallback"
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    static let opposite: [String: String] = [
        "INCREASES": "reduces", "DECREASES": "increases", "CAUSES": "prevents", "CONTRIBUTES_TO": "works against",
        "DETERMINES": "has no bearing on", "REGULATES": "has no effect on", "EXHIBITS_PROPERTY": "lacks any notable",
    ]
    static let positive: [String: String] = [
        "INCREASES": "increases", "DECREASES": "decreases", "CAUSES": "causes", "CONTRIBUTES_TO": "contributes to",
        "DETERMINES": "determines", "REGULATES": "regulates", "EXHIBITS_PROPERTY": "exhibits", "COMPOSED_OF": "is composed of",
        "PART_OF": "is part of", "USED_FOR": "is used for", "BINDS": "binds",
    ]

    public func reject(_ request: RejectionRequest) async throws -> String {
        var claims: [String] = []
        // What the evidence denies, stated as fact (an unsupported answer).
        for e in request.retrieval.edges where e.polarity == "negated" {
            if let verb = Self.positive[e.predicate] { claims.append("\(e.source.capitalizedFirst) \(verb) \(e.target).") }
            if claims.count == 2 { break }
        }
        // Asserted causal edges reversed (a wrong answer).
        for e in request.retrieval.edges where e.polarity == "asserted" {
            guard claims.count < 3, let verb = Self.opposite[e.predicate] else { continue }
            let claim = "\(e.source.capitalizedFirst) \(verb) \(e.target)."
            if !claims.contains(claim) { claims.append(claim) }
        }
        // Sentences of an unrelated chunk.
        let retrieved = Set(request.retrieval.chunks.map(\.chunkID))
        let all = try await QuestionContextReads(database).allChunks().filter { !retrieved.contains($0) }
        if !all.isEmpty {
            var rng = SeededGenerator(seed: request.seed)
            let id = all[Int(rng.next() % UInt64(all.count))]
            if let chunk = try await ChunkRepository(database).contexts(ids: [id]).first {
                let sentences = Self.sentences(chunk.text).filter { $0.count >= 30 }
                claims += sentences.prefix(claims.isEmpty ? 3 : 2)
            }
        }
        if claims.isEmpty {
            claims = ["The answer does not depend on structure or composition; the behaviour is the same for every material."]
        }
        return claims.joined(separator: " ")
    }

    static func sentences(_ text: String) -> [String] {
        let clean = text.replacingOccurrences(of: #"\s*\[[0-9][0-9,\s\-–]*\]"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
        return SentenceSplitter.split(clean).map(\.text).filter { !$0.isEmpty }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
