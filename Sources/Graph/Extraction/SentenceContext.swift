import Foundation

/// One sentence being read: its tokens (chunk offsets), matched mentions and evidence.
struct SentenceContext: Sendable {
    var scalars: [Unicode.Scalar]
    var tokens: [Token]
    var mentions: [MatchedMention]
    var evidence: Evidence

    /// Lowercased token texts in `range`, hyphens dropped ("up-regulates" -> "up", "regulates").
    func words(_ range: Range<Int>) -> [String] {
        tokens[range].filter { !$0.isHyphen }.map(\.lower)
    }

    /// The sentence text from the end of token `a` to the start of token `b`, trimmed.
    func between(_ a: Int, _ b: Int) -> String {
        guard a < b else { return "" }
        let text = scalars.text(tokens[a].end..<tokens[b].start)
        return text.trimmingCharacters(in: .whitespaces)
    }
}

/// Function words: a mention followed by one of these (or punctuation) ends its noun phrase.
enum FunctionWords {
    static let all: Set<String> = [
        "a", "an", "the", "and", "or", "but", "nor", "in", "on", "at", "by", "for", "from", "with", "without", "of",
        "to", "into", "onto", "through", "via", "during", "after", "before", "under", "over", "between", "among",
        "within", "across", "as", "than", "that", "which", "who", "whose", "when", "where", "while", "whereas",
        "although", "because", "since", "if", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
        "do", "does", "did", "can", "could", "may", "might", "will", "would", "should", "must", "not", "also", "both",
        "either", "neither", "only", "thus", "therefore", "however", "respectively", "compared", "relative", "alone",
        "itself", "themselves", "together", "too", "upon", "along", "around", "against", "toward", "towards",
        "throughout", "until", "via", "per", "like", "unlike", "including", "such", "these", "those", "this", "its",
        "their", "all", "each", "leading", "resulting", "thereby", "whereby", "due", "owing", "except", "versus", "vs",
        "near", "beyond", "below", "above", "inside", "outside", "even", "so", "yet", "then", "there", "here", "it",
        "they", "we", "which", "whereas", "alike", "besides", "plus",
    ]

    static func endsPhrase(_ t: Token) -> Bool {
        if t.kind == .punct { return !t.isHyphen && !Tokenizer.isApostrophe(t.text.unicodeScalars.first!) }
        if t.kind == .number { return false }
        return all.contains(t.lower) || (t.lower.hasSuffix("ly") && t.lower.count > 4)
    }
}
