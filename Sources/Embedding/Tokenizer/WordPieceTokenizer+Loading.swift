import Foundation

extension WordPieceTokenizer {
    /// Loads `tokenizer.json` (preferred) or `vocab.txt` from a model folder.
    public init(modelDirectory: URL, maxLength: Int = 256) throws {
        let json = modelDirectory.appendingPathComponent("tokenizer.json")
        if FileManager.default.fileExists(atPath: json.path) {
            try self.init(tokenizerJSON: json, maxLength: maxLength)
        } else {
            try self.init(vocabFile: modelDirectory.appendingPathComponent("vocab.txt"), maxLength: maxLength)
        }
    }

    /// Loads a `vocab.txt` (one token per line, line number = id) with uncased BERT normalisation.
    public init(vocabFile: URL, normalizer: BertNormalizer = BertNormalizer(), maxLength: Int = 256) throws {
        let text: String
        do {
            text = try String(contentsOf: vocabFile, encoding: .utf8)
        } catch {
            throw EmbeddingError(.modelMissing, "cannot read \(vocabFile.path): \(error.localizedDescription); run `preflexor models fetch`")
        }
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        try self.init(vocabulary: lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }, normalizer: normalizer, maxLength: maxLength)
    }

    /// Loads a Hugging Face `tokenizer.json` whose model is WordPiece (normaliser settings,
    /// vocabulary, unknown-word limit and added tokens are read from it).
    public init(tokenizerJSON: URL, maxLength: Int = 256) throws {
        let data: Data
        do {
            data = try Data(contentsOf: tokenizerJSON)
        } catch {
            throw EmbeddingError(.modelMissing, "cannot read \(tokenizerJSON.path): \(error.localizedDescription); run `preflexor models fetch`")
        }
        func bad(_ what: String) -> EmbeddingError {
            EmbeddingError(.invalidTokenizer, "\(tokenizerJSON.path): \(what); expected a BERT WordPiece tokenizer.json (re-fetch the model)")
        }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { throw bad("not a JSON object") }
        guard let model = root["model"] as? [String: Any], model["type"] as? String == "WordPiece",
              let vocab = model["vocab"] as? [String: Any] else { throw bad("model.type is not WordPiece or has no vocab") }
        var tokens = [String](repeating: "", count: vocab.count)
        for (token, value) in vocab {
            guard let id = (value as? NSNumber)?.intValue, id >= 0, id < tokens.count, tokens[id].isEmpty else {
                throw bad("vocab ids are not a permutation of 0..<\(vocab.count) (token '\(token)')")
            }
            tokens[id] = token
        }
        var normalizer = BertNormalizer()
        if let n = root["normalizer"] as? [String: Any] {
            guard n["type"] as? String == "BertNormalizer" else { throw bad("normalizer.type is \(n["type"] ?? "missing"), not BertNormalizer") }
            let lowercase = (n["lowercase"] as? Bool) ?? true
            normalizer = BertNormalizer(cleanText: (n["clean_text"] as? Bool) ?? true,
                                        handleChineseChars: (n["handle_chinese_chars"] as? Bool) ?? true,
                                        stripAccents: n["strip_accents"] as? Bool, lowercase: lowercase)
        }
        let added = (root["added_tokens"] as? [[String: Any]])?.compactMap { $0["content"] as? String }
        try self.init(vocabulary: tokens, normalizer: normalizer, maxLength: maxLength,
                      maxInputCharsPerWord: (model["max_input_chars_per_word"] as? NSNumber)?.intValue ?? 100,
                      continuationPrefix: (model["continuing_subword_prefix"] as? String) ?? "##",
                      specialTokens: added ?? ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
    }
}
