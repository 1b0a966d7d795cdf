import Foundation

/// `tokenizer.json` (Hugging Face `tokenizers` format, version "1.0") load and save.
///
/// Accepted on load: `normalizer` null; `pre_tokenizer` ByteLevel (`use_regex` true; `add_prefix_space`
/// either way), alone or as the only member of a Sequence; `model` BPE without dropout, subword
/// prefix/suffix or byte fallback (`ignore_merges` and `unk_token` honoured); `decoder` ByteLevel;
/// `post_processor` null or ByteLevel (which changes offsets only); merges as `"a b"` strings or
/// `["a", "b"]` pairs. `truncation` and `padding` are ignored. Anything else throws `.unsupported`
/// rather than silently giving ids that differ from `tokenizers`.
extension BPETokenizer {
    /// Loads a `tokenizer.json`.
    /// - Throws: `TokenizerError` (`.unreadableFile`, `.malformedJSON`, `.unsupported`, `.inconsistentVocabulary`).
    public static func load(tokenizerJSON url: URL) throws -> BPETokenizer {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TokenizerError(.unreadableFile, "cannot read tokenizer file \(url.path); check the path", underlying: error)
        }
        return try load(tokenizerJSONData: data, source: url.lastPathComponent)
    }

    /// Loads a `tokenizer.json` from memory; `source` names it in error messages.
    public static func load(tokenizerJSONData data: Data, source: String = "tokenizer.json") throws -> BPETokenizer {
        let rootAny: Any
        do { rootAny = try JSONSerialization.jsonObject(with: data) } catch {
            throw TokenizerError(.malformedJSON, "\(source) is not valid JSON; re-export it with tokenizers' save()", underlying: error)
        }
        guard let root = rootAny as? [String: Any] else {
            throw TokenizerError(.malformedJSON, "\(source): top level must be a JSON object")
        }
        func unsupported(_ what: String) -> TokenizerError {
            TokenizerError(.unsupported, "\(source): \(what) is not supported; only byte-level BPE (GPT-2 style) tokenizer.json files load")
        }
        func isNull(_ v: Any?) -> Bool { v == nil || v is NSNull }

        // normalizer
        if !isNull(root["normalizer"]) {
            let n = root["normalizer"] as? [String: Any]
            let emptySeq = (n?["type"] as? String) == "Sequence" && ((n?["normalizers"] as? [Any])?.isEmpty ?? false)
            if !emptySeq { throw unsupported("normalizer \(n?["type"] ?? "?")") }
        }
        // pre_tokenizer
        var options = Options()
        guard var pre = root["pre_tokenizer"] as? [String: Any] else { throw unsupported("a missing pre_tokenizer") }
        if (pre["type"] as? String) == "Sequence", let list = pre["pretokenizers"] as? [[String: Any]], list.count == 1 {
            pre = list[0]
        }
        guard (pre["type"] as? String) == "ByteLevel" else { throw unsupported("pre_tokenizer \(pre["type"] ?? "?")") }
        if let useRegex = jsonBool(pre["use_regex"]), !useRegex { throw unsupported("ByteLevel with use_regex false") }
        options.addPrefixSpace = jsonBool(pre["add_prefix_space"]) ?? false
        // decoder
        guard let dec = root["decoder"] as? [String: Any], (dec["type"] as? String) == "ByteLevel" else {
            throw unsupported("a decoder other than ByteLevel")
        }
        // post_processor
        if !isNull(root["post_processor"]) {
            let p = root["post_processor"] as? [String: Any]
            guard (p?["type"] as? String) == "ByteLevel" else { throw unsupported("post_processor \(p?["type"] ?? "?")") }
        }
        // model
        guard let model = root["model"] as? [String: Any] else {
            throw TokenizerError(.malformedJSON, "\(source): missing \"model\"")
        }
        if let t = model["type"] as? String, t != "BPE" { throw unsupported("model type \(t)") }
        if let d = model["dropout"] as? Double, d > 0 { throw unsupported("BPE dropout \(d)") }
        for key in ["continuing_subword_prefix", "end_of_word_suffix"] {
            if let s = model[key] as? String, !s.isEmpty { throw unsupported("\(key) '\(s)'") }
        }
        if jsonBool(model["byte_fallback"]) == true { throw unsupported("byte_fallback") }
        options.ignoreMerges = jsonBool(model["ignore_merges"]) ?? false
        options.unknownToken = model["unk_token"] as? String

        guard let vocabAny = model["vocab"] as? [String: Any] else {
            throw TokenizerError(.malformedJSON, "\(source): model.vocab must be an object of token to id")
        }
        var vocab: [String: Int32] = [:]
        vocab.reserveCapacity(vocabAny.count)
        for (tok, idAny) in vocabAny {
            guard let id = jsonInt32(idAny) else {
                throw TokenizerError(.malformedJSON, "\(source): vocab entry '\(tok)' has no integer id")
            }
            vocab[tok] = id
        }
        guard let mergesAny = model["merges"] as? [Any] else {
            throw TokenizerError(.malformedJSON, "\(source): model.merges must be an array")
        }
        var merges: [(String, String)] = []
        merges.reserveCapacity(mergesAny.count)
        for (i, m) in mergesAny.enumerated() {
            if let s = m as? String {
                let parts = s.split(separator: " ", omittingEmptySubsequences: false)
                guard parts.count == 2 else {
                    throw TokenizerError(.malformedJSON, "\(source): merge \(i) '\(s)' must be two tokens separated by one space")
                }
                merges.append((String(parts[0]), String(parts[1])))
            } else if let p = m as? [String], p.count == 2 {
                merges.append((p[0], p[1]))
            } else {
                throw TokenizerError(.malformedJSON, "\(source): merge \(i) must be \"a b\" or [\"a\", \"b\"]")
            }
        }
        var added: [AddedToken] = []
        for (i, a) in ((root["added_tokens"] as? [[String: Any]]) ?? []).enumerated() {
            guard let id = jsonInt32(a["id"]), let content = a["content"] as? String else {
                throw TokenizerError(.malformedJSON, "\(source): added_tokens[\(i)] needs an integer id and a content string")
            }
            added.append(AddedToken(id: id, content: content,
                                    singleWord: jsonBool(a["single_word"]) ?? false,
                                    lstrip: jsonBool(a["lstrip"]) ?? false,
                                    rstrip: jsonBool(a["rstrip"]) ?? false,
                                    normalized: jsonBool(a["normalized"]) ?? false,
                                    special: jsonBool(a["special"]) ?? false))
        }
        return try BPETokenizer(vocab: vocab, merges: merges, addedTokens: added, options: options)
    }

    /// Writes `tokenizer.json` (version "1.0"): added tokens with ids, no normalizer, ByteLevel
    /// pre-tokenizer and decoder, BPE model with the vocabulary in id order and merges as "a b".
    /// The file loads in `tokenizers` (`Tokenizer.from_file`) and `transformers`
    /// (`PreTrainedTokenizerFast(tokenizer_file:)`) with the same ids.
    /// - Throws: `TokenizerError.writeFailed`.
    public func save(to url: URL) throws {
        do {
            try Data(tokenizerJSON().utf8).write(to: url, options: .atomic)
        } catch {
            throw TokenizerError(.writeFailed, "cannot write \(url.path); check the folder exists and is writable", underlying: error)
        }
    }

    /// The `tokenizer.json` text that `save(to:)` writes.
    public func tokenizerJSON() -> String {
        let q = jsonQuote
        func b(_ v: Bool) -> String { v ? "true" : "false" }
        var s = "{\n  \"version\": \"1.0\",\n  \"truncation\": null,\n  \"padding\": null,\n  \"added_tokens\": ["
        for (i, t) in addedTokens.enumerated() {
            s += i == 0 ? "\n" : ",\n"
            s += "    {\"id\": \(t.id), \"content\": \(q(t.content)), \"single_word\": \(b(t.singleWord)), "
            s += "\"lstrip\": \(b(t.lstrip)), \"rstrip\": \(b(t.rstrip)), \"normalized\": \(b(t.normalized)), \"special\": \(b(t.special))}"
        }
        s += addedTokens.isEmpty ? "],\n" : "\n  ],\n"
        s += "  \"normalizer\": null,\n"
        s += "  \"pre_tokenizer\": {\"type\": \"ByteLevel\", \"add_prefix_space\": \(b(options.addPrefixSpace)), \"trim_offsets\": true, \"use_regex\": true},\n"
        s += "  \"post_processor\": null,\n"
        s += "  \"decoder\": {\"type\": \"ByteLevel\", \"add_prefix_space\": true, \"trim_offsets\": true, \"use_regex\": true},\n"
        s += "  \"model\": {\n    \"type\": \"BPE\",\n    \"dropout\": null,\n"
        s += "    \"unk_token\": \(options.unknownToken.map(q) ?? "null"),\n"
        s += "    \"continuing_subword_prefix\": null,\n    \"end_of_word_suffix\": null,\n"
        s += "    \"fuse_unk\": false,\n    \"byte_fallback\": false,\n    \"ignore_merges\": \(b(options.ignoreMerges)),\n"
        s += "    \"vocab\": {"
        let entries = vocab.sorted { $0.value < $1.value }
        for (i, e) in entries.enumerated() {
            s += i == 0 ? "\n" : ",\n"
            s += "      \(q(e.key)): \(e.value)"
        }
        s += entries.isEmpty ? "},\n" : "\n    },\n"
        // "a b" strings load in every tokenizers version; pairs only when a token holds a space.
        let asPairs = merges.contains { $0.0.contains(" ") || $0.1.contains(" ") }
        s += "    \"merges\": ["
        for (i, m) in merges.enumerated() {
            s += i == 0 ? "\n" : ",\n"
            s += asPairs ? "      [\(q(m.0)), \(q(m.1))]" : "      \(q(m.0 + " " + m.1))"
        }
        s += merges.isEmpty ? "]\n" : "\n    ]\n"
        s += "  }\n}\n"
        return s
    }
}

/// A JSON string literal, escaped as serde_json does (`"`, `\`, control characters; UTF-8 kept).
func jsonQuote(_ text: String) -> String {
    var out = "\""
    for u in text.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case _ where u.value < 0x20:
            let hex = String(u.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(u)
        }
    }
    return out + "\""
}

/// An integer JSON value as Int32 (JSONSerialization may give Int, Double or NSNumber).
func jsonInt32(_ v: Any?) -> Int32? {
    switch v {
    case let i as Int: return Int32(exactly: i)
    case let d as Double: return Int32(exactly: d)
    case let n as NSNumber: return Int32(exactly: n.doubleValue)
    default: return nil
    }
}

/// A boolean JSON value (JSONSerialization may give Bool or NSNumber).
func jsonBool(_ v: Any?) -> Bool? {
    switch v {
    case let b as Bool: return b
    case let n as NSNumber: return n.boolValue
    default: return nil
    }
}
