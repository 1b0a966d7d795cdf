import Foundation
import LM
import OpenAICompatible
import Store

/// Writes question drafts from a sampled chunk context: the embedded teacher (the graph
/// only) or an LLM on an OpenAI-compatible endpoint.
public protocol QuestionTeacher: Sendable {
    /// Stored as `questions.teacher` ('embedded', 'llm:<model>').
    var name: String { get }
    /// Whether `drafts` reads the chunks' text (the generator loads it only then).
    var readsText: Bool { get }
    /// Drafts for a context; `texts` holds the sampled chunks' text by id when `readsText`.
    func drafts(from context: ChunkGraphContext, texts: [Int64: String], rng: inout SeededGenerator) async throws -> [QuestionDraft]
}

/// The embedded teacher: `QuestionWriter` over the graph context, no language model.
public struct EmbeddedTeacher: QuestionTeacher {
    public let writer = QuestionWriter()
    public var name: String { "embedded" }
    public var readsText: Bool { false }

    public init() {}

    public func drafts(from context: ChunkGraphContext, texts: [Int64: String], rng: inout SeededGenerator) async throws -> [QuestionDraft] {
        writer.drafts(from: context, rng: &rng)
    }
}

/// The LLM teacher (method.md section 2, step 2): the sampled chunks and their asserted typed
/// facts go to an OpenAI-compatible chat endpoint, which writes one hard, self-contained
/// expert question; a reply that leans on the text ("this paper", "the authors", a leading
/// pronoun) or is no question is dropped. Negated and hedged evidence is never sent as a fact.
public struct LLMTeacher: QuestionTeacher {
    public let client: ChatClient
    public var name: String { "llm:\(client.configuration.model)" }
    public var readsText: Bool { true }

    public init(client: ChatClient) {
        self.client = client
    }

    public static let system = """
        You write questions for training a scientific reasoning model in biological materials science. \
        From the context you are given, write ONE hard, self-contained expert question that can be answered \
        from that context by someone who has not seen it. Do not mention papers, studies, authors, figures, \
        tables or "the text", and do not start with a pronoun. Prefer mechanisms, how one factor affects \
        another, comparisons, property values with their units, design principles, or structure-property \
        relations across levels of hierarchy. Never treat a statement the context denies as true. \
        Reply with the question only, on one line.
        """

    /// The chat for a context: the chunks' text, then the asserted facts, values and comparisons.
    public static func messages(_ context: ChunkGraphContext, texts: [Int64: String]) -> [ChatMessage] {
        var user = "Context:\n"
        for id in context.chunkIDs { if let t = texts[id] { user += "\(t)\n\n" } }
        let facts = context.facts.filter { !context.contested.contains([min($0.sourceID, $0.targetID), max($0.sourceID, $0.targetID)]) }
        if !facts.isEmpty {
            user += "Knowledge graph (asserted facts):\n"
            for f in facts.prefix(12) { user += "- [\(f.source)] -[\(f.predicate)]-> [\(f.target)]\n" }
            user += "\n"
        }
        if !context.values.isEmpty {
            user += "Property values:\n" + context.values.prefix(6).map { "- \($0.entity): \($0.property) = \($0.original)" }.joined(separator: "\n") + "\n\n"
        }
        if !context.comparisons.isEmpty {
            user += "Comparisons:\n" + context.comparisons.prefix(6).map { "- \($0.sentence)" }.joined(separator: "\n") + "\n\n"
        }
        user += "Write the question."
        return [.system(system), .user(user)]
    }

    /// The question in a reply: its first line that ends with "?", without a "Question:" label,
    /// numbering or quotes; nil when there is none.
    public static func question(in reply: String) -> String? {
        for raw in reply.split(whereSeparator: \.isNewline) {
            var line = raw.trimmingCharacters(in: .whitespaces)
            line = line.replacingOccurrences(of: #"^(\*\*)?(question|q)\s*[0-9]*\s*[:.)]\s*(\*\*)?\s*"#, with: "", options: [.regularExpression, .caseInsensitive])
            line = line.replacingOccurrences(of: #"^[0-9]+[.)]\s*"#, with: "", options: .regularExpression)
            line = line.trimmingCharacters(in: CharacterSet(charactersIn: "\"'“”*` ").union(.whitespaces))
            if line.hasSuffix("?"), line.split(separator: " ").count >= 6 { return line }
        }
        return nil
    }

    public func drafts(from context: ChunkGraphContext, texts: [Int64: String], rng: inout SeededGenerator) async throws -> [QuestionDraft] {
        let reply = try await client.complete(Self.messages(context, texts: texts))
        guard let text = Self.question(in: reply), QuestionStyle.isSelfContained(text) else { return [] }
        let facts = context.facts.filter { $0.inContext && !context.contested.contains([min($0.sourceID, $0.targetID), max($0.sourceID, $0.targetID)]) }
        let premises = facts.prefix(8).map(QuestionWriter.premise)
        var entities: [Int64] = []
        for f in facts.prefix(8) { for e in [f.sourceID, f.targetID] where !entities.contains(e) { entities.append(e) } }
        return [QuestionDraft(kind: .llm, text: text, premises: Array(premises), entityIDs: entities)]
    }
}
