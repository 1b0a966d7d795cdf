import LM

extension PreferencePair {
    /// The pair as the model sees it: the prompt is `template.questionPrompt(prompt)` (the
    /// question, " Use <|thinking|>.", Llama 3 headers up to the assistant's
    /// `<|end_header_id|>`), each answer `template.completion(answer)` (`"\n\n" + answer +
    /// "<|eot_id|>"`). This is the prompt `preflexor generate --chat` feeds and the row
    /// `preflexor export trl` writes, so training, export and generation share one format.
    ///
    /// A pair whose prompt is already rendered (starts with `<|begin_of_text|>`, as exported
    /// TRL rows do) is returned unchanged, so templating is idempotent.
    public func templated(with template: ChatTemplate) -> PreferencePair {
        guard !ChatTemplate.isRendered(prompt) else { return self }
        return PreferencePair(prompt: template.questionPrompt(prompt), chosen: template.completion(chosen),
                              rejected: template.completion(rejected))
    }
}
