import Foundation
import Store
import Training

/// Writes stored pairs as the JSONL that `preflexor train orpo|dpo` and `preflexor export trl`
/// read (`TrainingRecord.readJSONL`): one `{"prompt", "chosen", "rejected"}` object per line,
/// the prompt being the question with " Use <|thinking|>." (the trainers and the TRL export
/// apply the chat template, `PreferencePair.templated`).
public enum PairExport {
    /// The pairs as Training's value type.
    public static func preferencePairs(_ pairs: [StoredPreferencePair]) -> [PreferencePair] {
        pairs.map { PreferencePair(prompt: $0.prompt, chosen: $0.chosen, rejected: $0.rejected) }
    }

    /// Writes `pairs` to `url` (creating its folder); returns how many rows were written.
    @discardableResult
    public static func write(_ pairs: [StoredPreferencePair], to url: URL) throws -> Int {
        guard !pairs.isEmpty else { throw LoopError(.noData, "no preference pairs to export; run `preflexor pairs build` first") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for p in preferencePairs(pairs) {
            data.append(try encoder.encode(p))
            data.append(0x0A)
        }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw LoopError(.io, "cannot write \(url.path): \(error.localizedDescription); check the folder is writable")
        }
        return pairs.count
    }
}
