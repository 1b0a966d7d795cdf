/// Splits a chunk into sentences. Graph is written against this seam so that Text's splitter
/// can be plugged in; ranges are Unicode scalar offsets into `text`, trimmed, in order.
public protocol SentenceSegmenting: Sendable {
    /// The sentences of `text` as Unicode scalar offset ranges.
    func sentenceRanges(in text: String) -> [Range<Int>]
}

/// A rule-based splitter for scientific prose: splits after `.`, `!`, `?` (and closing quotes or
/// brackets) followed by whitespace and an upper-case letter, digit or opening bracket, except
/// after common abbreviations ("e.g.", "Fig.", "et al.", "approx.") and single initials.
public struct RuleSentenceSegmenter: SentenceSegmenting {
    /// Lowercased abbreviations (without the final period) that do not end a sentence.
    static let abbreviations: Set<String> = [
        "e.g", "i.e", "eg", "ie", "al", "fig", "figs", "eq", "eqs", "ref", "refs", "approx", "ca", "cf", "vs",
        "resp", "no", "nos", "vol", "dr", "mr", "mrs", "ms", "prof", "inc", "ltd", "co", "st", "sp", "spp",
        "var", "subsp", "etc", "viz", "tab", "suppl", "sect", "ch", "p", "pp", "min", "max", "u.s", "wt", "mol",
    ]

    /// Creates the splitter.
    public init() {}

    /// The sentences of `text` as Unicode scalar offset ranges.
    public func sentenceRanges(in text: String) -> [Range<Int>] {
        let s = Array(text.unicodeScalars)
        var out: [Range<Int>] = []
        var start = 0
        var i = 0
        func emit(_ end: Int) {
            var a = start, b = end
            while a < b, s[a].properties.isWhitespace { a += 1 }
            while b > a, s[b - 1].properties.isWhitespace { b -= 1 }
            if a < b { out.append(a..<b) }
            start = end
        }
        while i < s.count {
            let c = s[i]
            if c == "\n", i + 1 < s.count, s[i + 1] == "\n" { emit(i); i += 2; continue }
            guard c == "." || c == "!" || c == "?" else { i += 1; continue }
            var j = i + 1
            while j < s.count, ")]\"'\u{201D}\u{2019}".unicodeScalars.contains(s[j]) { j += 1 }
            guard j < s.count, s[j].properties.isWhitespace else { i += 1; continue }
            var k = j
            while k < s.count, s[k].properties.isWhitespace { k += 1 }
            guard k < s.count else { break }
            let next = s[k]
            let startsSentence = next.properties.isUppercase || next.properties.numericType != nil
                || "([\"\u{201C}".unicodeScalars.contains(next)
            if !startsSentence { i += 1; continue }
            if c == "." && isAbbreviation(s, periodAt: i) { i += 1; continue }
            emit(j)
            i = j
        }
        emit(s.count)
        return out
    }

    private func isAbbreviation(_ s: [Unicode.Scalar], periodAt p: Int) -> Bool {
        var a = p
        while a > 0, !s[a - 1].properties.isWhitespace, s[a - 1] != "(" { a -= 1 }
        let word = String(String.UnicodeScalarView(s[a..<p])).lowercased()
        if word.isEmpty { return false }
        if Self.abbreviations.contains(word) { return true }
        // Single initial ("J. Smith") or dotted abbreviation ("U.S").
        if word.unicodeScalars.count == 1, s[p - 1].properties.isUppercase { return true }
        if word.contains("."), word.unicodeScalars.count <= 5 { return true }
        return false
    }
}
