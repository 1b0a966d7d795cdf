import Foundation
import LM

/// Writes preference pairs as a TRL dataset: `train.jsonl` with one
/// `{"prompt", "chosen", "rejected"}` object per line (TRL's standard preference format,
/// loadable with `datasets.load_dataset("json", data_files=...)`), the chat template already
/// applied, so TRL and the Swift trainer tokenize the very same strings.
public enum TRLExport {
    /// How a raw question and answers become template text.
    public struct Formatting: Sendable {
        /// Question -> prompt text (ends where the assistant's answer begins).
        public var prompt: @Sendable (String) -> String
        /// Answer -> completion text (ends with the end-of-turn marker).
        public var completion: @Sendable (String) -> String

        /// Creates a formatting from two closures.
        public init(prompt: @escaping @Sendable (String) -> String, completion: @escaping @Sendable (String) -> String) {
            self.prompt = prompt
            self.completion = completion
        }

        /// The project's chat template (`LM.ChatTemplate`, Llama 3 style), exactly as native
        /// training and `generate --chat` apply it (`PreferencePair.templated(with:)`): prompt =
        /// `template.questionPrompt(question)` (the question plus " Use <|thinking|>.", ending
        /// with the assistant header's `<|end_header_id|>`),
        /// completion = `template.completion(answer)` = `"\n\n" + answer + "<|eot_id|>"`. TRL adds
        /// BOS/EOS only when missing, so with `bos_token = "<|begin_of_text|>"` and
        /// `eos_token = "<|eot_id|>"` both sides tokenize the rows to the same ids.
        public static func chat(_ template: ChatTemplate = ChatTemplate()) -> Formatting {
            Formatting(prompt: { PreferencePair(prompt: $0, chosen: "", rejected: "").templated(with: template).prompt },
                       completion: { ChatTemplate.isRendered($0) ? $0 : template.completion($0) })
        }

        /// Strings written as given (for data that is already templated).
        public static let verbatim = Formatting(prompt: { $0 }, completion: { $0 })
    }

    /// Writes `dir/train.jsonl` (creating `dir`) and returns its URL.
    /// - Parameters: pairs: raw question (`prompt`) and answers; formatting: the chat template
    ///   (default: the project's `ChatTemplate` without a system message).
    @discardableResult
    public static func write(pairs: [PreferencePair], to dir: URL, formatting: Formatting = .chat()) throws -> URL {
        guard !pairs.isEmpty else {
            throw TrainingError(.invalidData, "no preference pairs to export; generate pairs first")
        }
        let url = dir.appendingPathComponent("train.jsonl")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = Data()
        for (i, p) in pairs.enumerated() {
            guard !p.chosen.isEmpty, !p.rejected.isEmpty else {
                throw TrainingError(.invalidData, "pair \(i + 1) has an empty chosen or rejected answer; drop it before exporting")
            }
            let row = PreferencePair(prompt: formatting.prompt(p.prompt), chosen: formatting.completion(p.chosen),
                                     rejected: formatting.completion(p.rejected))
            out.append(try encoder.encode(row))
            out.append(0x0A)
        }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try out.write(to: url, options: .atomic)
        } catch {
            throw TrainingError(.io, "cannot write \(url.path); check that the output directory is writable", underlying: error)
        }
        return url
    }
}
