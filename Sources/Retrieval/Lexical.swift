import Foundation
import Graph

/// Word-level features shared by passage re-ranking (Retrieval), evidence scoring and the critic (Reasoning): content terms (stop words
/// dropped, normalised like entity keys so "fibres" meets "fiber") and negation cues.
public enum Lexical {
    public static let stopWords: Set<String> = [
        "a", "an", "the", "of", "in", "on", "and", "or", "to", "for", "by", "with", "from", "at", "as", "is", "are", "was",
        "were", "be", "been", "being", "how", "what", "which", "why", "when", "where", "who", "whom", "does", "do", "did",
        "can", "could", "would", "should", "that", "this", "these", "those", "its", "their", "it", "than", "into", "about",
        "there", "has", "have", "had", "such", "also", "than", "then", "they", "them", "we", "our", "us", "i", "you",
        "your", "he", "she", "his", "her", "so", "if", "but", "any", "all", "some", "each", "other", "more", "most",
        "may", "might", "will", "shall", "must", "very", "between", "within", "through", "over", "under", "upon",
        "both", "either", "via", "per", "while", "whereas", "not", "no", "nor", "only", "own", "same", "too",
        "explain", "describe", "affect", "affects", "role", "effect", "effects", "influence", "play", "plays", "compare",
        "compared", "relative", "give", "known", "used", "use", "using", "based", "one", "two", "way", "ways", "factor",
        "factors", "mechanism", "mechanisms", "typical", "typically", "value", "values", "reported", "study", "studies",
    ]

    /// Normalised content terms of a text (lower case, stop words and 1-2 letter words dropped).
    public static func terms(_ text: String) -> [String] {
        words(text).compactMap { w in
            let lower = w.lowercased()
            if lower.count < 3 && !lower.contains(where: \.isNumber) { return nil }
            if stopWords.contains(lower) { return nil }
            let key = TermNormalizer.key(lower)
            return key.isEmpty ? nil : stem(key)
        }
    }

    /// A crude suffix stem so "toughness"/"tough" and "mineralization"/"mineral" meet.
    public static func stem(_ w: String) -> String {
        for suffix in ["ization", "isation", "ations", "ation", "ness", "ities", "ity", "ing", "ed", "ly", "al", "es", "s"]
        where w.count > suffix.count + 3 && w.hasSuffix(suffix) {
            return String(w.dropLast(suffix.count))
        }
        return w
    }

    /// Word tokens (letters, digits, inner hyphens and apostrophes).
    public static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "'") })
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "-'")) }.filter { !$0.isEmpty }
    }

    /// The share of `wanted` terms present in `terms` (0 when `wanted` is empty).
    public static func coverage(_ wanted: Set<String>, in terms: Set<String>) -> Double {
        wanted.isEmpty ? 0 : Double(wanted.intersection(terms).count) / Double(wanted.count)
    }

    /// Negation cues (as the graph extractor's NegEx scopes use), minus the pseudo-negations.
    public static let negations: Set<String> = [
        "not", "no", "never", "neither", "nor", "none", "cannot", "without", "lack", "lacks", "lacked", "lacking",
        "absence", "absent", "unaffected", "unchanged", "unaltered", "nonsignificant", "insignificant", "unable",
        "failed", "fail", "fails", "nothing", "n't", "doesn't", "don't", "didn't", "isn't", "aren't", "wasn't",
        "weren't", "won't", "can't", "couldn't", "shouldn't",
    ]
    public static let pseudo: [String] = ["not only", "not just", "not merely", "not simply", "no doubt", "not necessarily", "not limited", "not least", "not unlike"]

    /// The first negation cue in a text, if any ("not", "no", "lack", ...).
    public static func negationCue(_ text: String) -> String? {
        var lower = " " + text.lowercased().replacingOccurrences(of: "’", with: "'") + " "
        for p in pseudo { lower = lower.replacingOccurrences(of: " " + p + " ", with: " ") }
        return words(lower).first { negations.contains($0) || $0.hasSuffix("n't") }
    }

    /// Whether the normalised words of `name` occur, in order, in the normalised words of `text`.
    public static func mentions(_ text: String, _ name: String) -> Bool {
        let key = TermNormalizer.key(name)
        guard !key.isEmpty else { return false }
        let words = self.words(text).map { TermNormalizer.key($0) }
        let wanted = key.split(separator: " ").map(String.init)
        guard wanted.count <= words.count else { return false }
        for i in 0...(words.count - wanted.count) {
            if zip(wanted, words[i..<(i + wanted.count)]).allSatisfy({ $0 == $1 || stem($0) == stem($1) }) { return true }
        }
        return false
    }
}
