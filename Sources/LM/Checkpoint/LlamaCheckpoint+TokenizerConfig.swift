import Foundation

/// `tokenizer_config.json` and `special_tokens_map.json` beside `tokenizer.json`, so
/// `transformers.AutoTokenizer.from_pretrained(dir)` loads the tokenizer with BOS
/// (`<|begin_of_text|>`), EOS (`<|eot_id|>`), PAD (`<|pad|>`), the eight PRefLexOR tokens as
/// additional special tokens, and a Jinja chat template that renders what `ChatTemplate` does:
///
///     apply_chat_template([{"role": "user", "content": q}], add_generation_prompt=True, tokenize=False)
///         == ChatTemplate().prompt(q)
///
/// and an assistant message `a` as `ChatTemplate().completion(a)` (`"\n\n" + a + "<|eot_id|>"`).
extension LlamaCheckpoint {
    /// The tokenizer settings file read by `AutoTokenizer`.
    public static let tokenizerConfigFile = "tokenizer_config.json"
    /// The special-token roles file.
    public static let specialTokensMapFile = "special_tokens_map.json"

    /// The Jinja chat template equal to `ChatTemplate` (system, user and assistant turns; the
    /// generation prompt ends with the assistant header's `<|end_header_id|>`).
    public static let chatTemplateJinja =
        "{{ bos_token }}{% for message in messages %}"
        + "{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] + '<|eot_id|>' }}"
        + "{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>' }}{% endif %}"

    /// Special-token roles present in `tokenizer` (bos, eos, pad, additional_special_tokens).
    static func specialTokensMap(_ tokenizer: BPETokenizer) -> [String: Any] {
        var d: [String: Any] = [:]
        for (role, token) in [("bos_token", SpecialTokens.beginOfText), ("eos_token", SpecialTokens.endOfTurn),
                              ("pad_token", SpecialTokens.pad)] where tokenizer.specialTokenID(token) != nil {
            d[role] = token
        }
        let extra = SpecialTokens.preflexor.filter { tokenizer.specialTokenID($0) != nil }
        if !extra.isEmpty { d["additional_special_tokens"] = extra }
        return d
    }

    /// `tokenizer_config.json` for a `PreTrainedTokenizerFast` over `tokenizer.json`.
    static func tokenizerConfigJSON(_ tokenizer: BPETokenizer, contextLength: Int) -> [String: Any] {
        var d = specialTokensMap(tokenizer)
        var decoder: [String: Any] = [:]
        for token in SpecialTokens.all {
            guard let id = tokenizer.specialTokenID(token) else { continue }
            decoder[String(id)] = ["content": token, "lstrip": false, "normalized": false, "rstrip": false,
                                   "single_word": false, "special": true] as [String: Any]
        }
        d["added_tokens_decoder"] = decoder
        d["tokenizer_class"] = "PreTrainedTokenizerFast"
        d["model_max_length"] = contextLength
        d["clean_up_tokenization_spaces"] = false
        // The templates write BOS themselves; TRL and generate add nothing.
        d["add_bos_token"] = false
        d["add_eos_token"] = false
        if tokenizer.specialTokenID(SpecialTokens.startHeader) != nil, tokenizer.specialTokenID(SpecialTokens.endHeader) != nil {
            d["chat_template"] = chatTemplateJinja
        }
        return d
    }

    /// Writes tokenizer.json, tokenizer_config.json and special_tokens_map.json to `directory`.
    static func writeTokenizerFiles(_ tokenizer: BPETokenizer, to directory: URL, contextLength: Int) throws {
        do {
            try tokenizer.save(to: directory.appendingPathComponent(tokenizerFile))
            try write(json: tokenizerConfigJSON(tokenizer, contextLength: contextLength),
                      to: directory.appendingPathComponent(tokenizerConfigFile))
            try write(json: specialTokensMap(tokenizer), to: directory.appendingPathComponent(specialTokensMapFile))
        } catch {
            throw LMError(.tokenizer, "cannot write the tokenizer files (tokenizer.json, tokenizer_config.json, special_tokens_map.json) to \(directory.path)", underlying: error)
        }
    }
}
