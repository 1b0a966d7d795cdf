import Foundation
import OpenAICompatible
import Retrieval

/// A generator on any OpenAI-compatible chat endpoint (vLLM, llama.cpp, Ollama, OpenAI),
/// configured like the LLM extractor (`PREFLEXOR_LLM_URL`, `_MODEL`, `_KEY`, `_TIMEOUT`).
///
/// It sends the method's prompt structure: the numbered sources, the typed edges and
/// property values, the thinking categories, the citation rule; in a reflection round also
/// the critique and the revised thinking to continue from. The reply's `<|thinking|>` block
/// is the thinking, the text after the last closing tag the answer.
public struct LLMGenerator: Generator {
    public let client: ChatClient
    public var name: String { "llm:\(client.configuration.model)" }

    public init(client: ChatClient) {
        self.client = client
    }

    /// The endpoint configured by `PREFLEXOR_LLM_URL`, `PREFLEXOR_LLM_MODEL`, `PREFLEXOR_LLM_KEY`
    /// (optional) and `PREFLEXOR_LLM_TIMEOUT` (optional, seconds); throws
    /// `ReasoningError(.configuration)` naming the variable that is missing or wrong.
    public static func configuration(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ChatClient.Configuration {
        let found: ChatClient.Configuration?
        do {
            found = try ChatClient.Configuration.fromEnvironment(environment, prefix: "PREFLEXOR_LLM")
        } catch let error as OpenAICompatibleError {
            throw ReasoningError(.configuration, error.message, underlying: error)
        }
        guard let found else {
            throw ReasoningError(.configuration,
                "the LLM generator needs PREFLEXOR_LLM_URL (an OpenAI-compatible base URL such as http://127.0.0.1:8000/v1) "
                    + "and PREFLEXOR_LLM_MODEL; PREFLEXOR_LLM_KEY and PREFLEXOR_LLM_TIMEOUT (seconds) are optional")
        }
        return found
    }

    public func generate(_ request: GenerationRequest) async throws -> Generation {
        let reply: String
        do {
            reply = try await client.complete(Self.messages(request))
        } catch {
            throw ReasoningError(.generator, "the LLM generator at \(client.configuration.baseURL) failed: \(error)", underlying: error)
        }
        let parsed = try ThinkingBlock.parse(reply)
        guard !parsed.answer.isEmpty else {
            throw ReasoningError(.malformedReply, "the LLM at \(client.configuration.baseURL) replied with no answer after its thinking")
        }
        let thinking = parsed.thinking.isEmpty ? (request.thinking ?? "") : parsed.thinking
        return Generation(thinking: thinking, answer: parsed.answer, reflection: parsed.reflection)
    }

    /// The system instructions: the PRefLexOR answer format (method.md section 1) and the citation rule.
    public static let system = """
        You are an expert in biological materials science. Answer the question from the numbered sources \
        and the knowledge-graph edges you are given, and from nothing else.
        Reply in this format. First \(ThinkingBlock.open), then your reasoning in these categories, each as \
        `**Category**:` followed by short step-by-step lines, leaving out empty ones: **Knowledge Graph** \
        (3-5 concepts with `[A] -[RELATION]-> [B]` edges; write a negated edge as a negation, never as \
        support), **Reasoning Steps**, **Relevant Materials or Concepts**, **Design Principles**, **Material \
        Properties** (values with units), **Hypothesis** (only when the graph supports one). Then \
        \(ThinkingBlock.close), then the final answer: a few plain sentences, each ending with the numbers of \
        the sources that support it, like [2] or [1][3]. Cite only the numbered sources. Never state as true \
        what a source negates. If the sources do not answer the question, say so plainly and cite nothing.
        """

    /// The chat for a request: system instructions, then the question with its context.
    public static func messages(_ request: GenerationRequest) -> [ChatMessage] {
        var user = "Question: \(request.question)\n\nSources:\n"
        for (i, c) in request.retrieval.chunks.enumerated() {
            let doi = c.doi.map { ", doi:\($0)" } ?? ""
            user += "[\(i + 1)] \(c.title) — \(c.section)\(doi)\n\(c.text)\n\n"
        }
        let sourceOf = Dictionary(request.retrieval.chunks.enumerated().map { ($0.element.chunkID, $0.offset + 1) }, uniquingKeysWith: min)
        let edges = request.retrieval.edges.filter { $0.predicate != "CO_OCCURS" }.prefix(12)
        if !edges.isEmpty {
            user += "Knowledge graph edges:\n"
            for e in edges { user += "- " + GraphThinking.render(e, source: sourceOf[e.chunkID]) + "\n" }
            user += "\n"
        }
        if !request.retrieval.paths.isEmpty {
            user += "Graph paths:\n" + request.retrieval.paths.prefix(3).map { "- " + $0.joined(separator: " -> ") }.joined(separator: "\n") + "\n\n"
        }
        let values = request.retrieval.values.prefix(8)
        if !values.isEmpty {
            user += "Property values:\n"
            for v in values {
                user += "- \(v.entity.map { $0 + ": " } ?? "")\(v.property) = \(v.original)\(sourceOf[v.chunkID].map { " [\($0)]" } ?? "")\n"
            }
            user += "\n"
        }
        if let critique = request.critique {
            user += "A critic checked your previous answer against the sources:\n\(critique.text)\n\n"
        }
        if let thinking = request.thinking {
            user += "Continue from this revised thinking (repeat it, improved if needed), then answer:\n"
            user += "\(ThinkingBlock.open)\n\(thinking)\n\(ThinkingBlock.close)\n\n"
        }
        user += "\(request.question) Use \(ThinkingBlock.open)."
        return [.system(system), .user(user)]
    }
}
