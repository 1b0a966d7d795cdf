import Foundation
import Text

/// Answer text with citations: each sentence ends with its `[n]` marks before the final
/// punctuation ("Bone is stiff [1][3].").
public enum AnswerFormat {
    /// Sentences as text, each followed by its citation marks.
    public static func render(_ sentences: [AnswerSentence]) -> String {
        sentences.map { s in
            var text = s.text.trimmingCharacters(in: .whitespacesAndNewlines)
            var end = ""
            if let last = text.last, ".!?".contains(last) { end = String(last); text.removeLast() }
            let marks = s.citations.map { "[\($0)]" }.joined()
            return text + (marks.isEmpty ? "" : " " + marks) + (end.isEmpty ? "." : end)
        }.joined(separator: " ")
    }

    /// Splits an answer into sentences and their `[n]` citations (also `[1, 2]` and `[1-3]`).
    /// A citation after a sentence's final punctuation belongs to that sentence.
    public static func parse(_ answer: String) -> [AnswerSentence] {
        // Move marks that follow the full stop in front of it, so the splitter keeps them.
        let normalized = answer.replacingOccurrences(of: #"([.!?])\s*((?:\[[0-9,\s\-–]+\])+)"#, with: "$2$1", options: .regularExpression)
        var out: [AnswerSentence] = []
        for sentence in SentenceSplitter.split(normalized) {
            var citations: [Int] = []
            var text = sentence.text
            let pattern = #"\s*\[([0-9][0-9,\s\-–]*)\]"#
            guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            let ns = text as NSString
            for m in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                let inner = ns.substring(with: m.range(at: 1))
                for part in inner.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
                    let bounds = part.split(whereSeparator: { $0 == "-" || $0 == "–" }).compactMap { Int($0) }
                    if bounds.count == 2, bounds[0] <= bounds[1], bounds[1] - bounds[0] < 20 {
                        citations += Array(bounds[0]...bounds[1])
                    } else if let n = bounds.first {
                        citations.append(n)
                    }
                }
            }
            text = regex.stringByReplacingMatches(in: text, range: NSRange(location: 0, length: ns.length), withTemplate: "")
            text = text.replacingOccurrences(of: #"\s+([.!?,;:])"#, with: "$1", options: .regularExpression)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            var seen = Set<Int>()
            out.append(AnswerSentence(text: text, citations: citations.filter { seen.insert($0).inserted }))
        }
        return out
    }
}
