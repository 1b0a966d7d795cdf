import Dispatch
import Foundation
import LM
import Reasoning

/// The native PRefLexOR model as one more `Generator` behind the Reasoning seam (method.md
/// section 5). It is prompted exactly as it was trained: the chat template around
/// `{question} Use <|thinking|>.` (`ChatTemplate.questionPrompt`), and writes
/// `<|thinking|>…<|/thinking|>` then the answer. In a reflection round the turn is pre-filled
/// with `\n\n<|thinking|>\n{revised thinking}\n<|/thinking|>\n` and the model writes the
/// answer after it. Decoding runs on a dedicated serial queue, never on the cooperative pool.
public final class NativeGenerator: Generator, @unchecked Sendable {
    public let name: String
    public var config: GenerationConfig
    let model: LlamaModel
    let tokenizer: BPETokenizer
    let template = ChatTemplate()
    private let queue = DispatchQueue(label: "preflexor.native.generate", qos: .userInitiated)

    /// Loads the checkpoint at `directory`; `config`'s stop tokens are set to `<|eot_id|>` and
    /// `<|end_of_text|>`.
    public init(directory: URL, name: String? = nil, config: GenerationConfig = GenerationConfig(maxNewTokens: 160)) throws {
        do { model = try LlamaCheckpoint.load(from: directory) } catch {
            throw LoopError(.model, "cannot load the checkpoint at \(directory.path): \(error)")
        }
        guard let tokenizer = try LlamaCheckpoint.loadTokenizer(from: directory) else {
            throw LoopError(.model, "\(directory.path) has no tokenizer.json")
        }
        self.tokenizer = tokenizer
        self.name = name ?? "native:\(directory.lastPathComponent == "model" ? directory.deletingLastPathComponent().lastPathComponent : directory.lastPathComponent)"
        var c = config
        c.stopTokens = Set([SpecialTokens.endOfTurn, SpecialTokens.endOfText].compactMap { tokenizer.specialTokenID($0) })
        self.config = c
    }

    /// The prompt text of a question, with the pre-filled thinking of a reflection round.
    public func promptText(question: String, thinking: String?) -> String {
        var text = template.questionPrompt(question)
        if let thinking { text += "\n\n" + ThinkingBlock.open + "\n" + thinking + "\n" + ThinkingBlock.close + "\n" }
        return text
    }

    /// The raw completion (special tokens kept, control characters dropped) for a prompt text.
    public func complete(_ promptText: String, seed: UInt64? = nil) async throws -> String {
        let (model, tokenizer) = (self.model, self.tokenizer)
        var config = self.config
        if let seed { config.seed = seed }
        let frozen = config
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do {
                    var ids = tokenizer.encode(promptText)
                    let room = model.config.maxPositionEmbeddings - frozen.maxNewTokens
                    if ids.count > room { ids = Array(ids.suffix(max(1, room))) }
                    let out = try model.generate(prompt: ids, config: frozen)
                    let text = tokenizer.decode(out.tokens, skipSpecialTokens: false)
                    continuation.resume(returning: NativeModelRejecter.storable(ChatTemplate.answer(fromCompletion: text)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Thinking and answer of a completion; a pre-filled `thinking` is the thinking when the
    /// model wrote none of its own. The "Sources:" line the training answers end with is left
    /// out of the answer (the answerer lists the sources itself).
    public static func parse(_ completion: String, prefilled thinking: String?) -> Reasoning.Generation {
        var own = "", reflection = ""
        var answer = completion.replacingOccurrences(of: ThinkingBlock.open, with: "")
        if let parsed = try? ThinkingBlock.parse(completion) {
            own = parsed.thinking; reflection = parsed.reflection; answer = parsed.answer
        }
        if let r = answer.range(of: "\n\nSources:") ?? answer.range(of: "Sources: [") { answer = String(answer[..<r.lowerBound]) }
        answer = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        return Reasoning.Generation(thinking: own.isEmpty ? (thinking ?? "") : own, answer: answer, reflection: reflection)
    }

    public func generate(_ request: GenerationRequest) async throws -> Reasoning.Generation {
        let text = try await complete(promptText(question: request.question, thinking: request.thinking),
                                      seed: config.seed &+ UInt64(request.round))
        let g = Self.parse(text, prefilled: request.thinking)
        // An empty answer is still an answer to score (the critic gives it quality 0).
        return g
    }
}
