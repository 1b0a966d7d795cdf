import Foundation
import Graph
import Store

/// Entity linking for questions: candidate names are the question's word n-grams (1-4
/// words, not all stop words), normalised by the Graph module's `TermNormalizer` exactly
/// as entity keys and aliases are.
enum EntityLinking {
    static let stopWords: Set<String> = [
        "a", "an", "the", "of", "in", "on", "and", "or", "to", "for", "by", "with", "from", "at", "as", "is", "are", "was",
        "were", "be", "been", "how", "what", "which", "why", "when", "where", "who", "whom", "does", "do", "did", "can",
        "could", "would", "should", "that", "this", "these", "those", "its", "their", "it", "than", "between", "affect",
        "role", "effect", "play", "into", "about", "there", "has", "have", "had", "not", "no", "vs", "versus",
    ]

    /// The normalised keys of the question's n-grams.
    static func candidateKeys(_ question: String, maxWords: Int = 4) -> Set<String> {
        let words = question.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "'") })
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "-'")) }.filter { !$0.isEmpty }
        var out = Set<String>()
        for n in 1...maxWords where n <= words.count {
            for i in 0...(words.count - n) {
                let gram = words[i..<(i + n)]
                if gram.allSatisfy({ stopWords.contains($0.lowercased()) }) { continue }
                if n == 1, gram[gram.startIndex].count < 3, !gram[gram.startIndex].contains(where: \.isUppercase) { continue }
                let key = TermNormalizer.key(gram.joined(separator: " "))
                if !key.isEmpty { out.insert(key) }
            }
        }
        return out
    }

    /// Drops entities whose matched name lies inside a longer match ("collagen" when
    /// "collagen fibril" matched), keeping the more specific one.
    static func prune(_ matches: [EntityMatch]) -> [EntityMatch] {
        matches.filter { m in
            !matches.contains { other in
                other.id != m.id && other.matched.count > m.matched.count && (" " + other.matched + " ").contains(" " + m.matched + " ")
            }
        }
    }

    /// How much an entity says about a question: rarer entities weigh more.
    static func weight(_ m: EntityMatch) -> Double {
        1 / log(2 + Double(m.chunkCount))
    }
}
