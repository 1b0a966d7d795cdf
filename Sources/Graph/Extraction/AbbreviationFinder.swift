import Foundation

/// An abbreviation defined in the text: "hydroxyapatite (HAp)".
public struct AbbreviationDefinition: Sendable, Hashable {
    /// The short form as written ("HAp").
    public var short: String
    /// The long form as written ("hydroxyapatite").
    public var long: String
}

/// Finds "long form (SF)" definitions with the Schwartz-Hearst algorithm (Schwartz & Hearst,
/// "A simple algorithm for identifying abbreviation definitions in biomedical text", PSB 2003):
/// the short form's characters must appear in order in the long form, from the right, the first
/// one at the start of a word, within min(|SF| + 5, 2|SF|) words before the parenthesis.
public enum AbbreviationFinder {
    /// All definitions in a sentence, in text order.
    public static func definitions(in sentence: String) -> [AbbreviationDefinition] {
        let s = Array(sentence.unicodeScalars)
        var out: [AbbreviationDefinition] = []
        var i = 0
        while i < s.count {
            guard s[i] == "(" else { i += 1; continue }
            guard let close = s[(i + 1)...].firstIndex(of: ")") else { break }
            var inner = s.text(i + 1..<close)
            if let cut = inner.firstIndex(where: { $0 == ";" || $0 == "," }) { inner = String(inner[..<cut]) }
            inner = inner.trimmingCharacters(in: .whitespaces)
            if isShortFormCandidate(inner) {
                let before = s.text(0..<i)
                if let long = bestLongForm(short: inner, before: before) {
                    out.append(AbbreviationDefinition(short: inner, long: long))
                }
            }
            i = close + 1
        }
        return out
    }

    /// 2-10 scalars, at most two words, a letter first-or-second, at least one letter, not a
    /// number with a unit, not "e.g."-style.
    static func isShortFormCandidate(_ sf: String) -> Bool {
        let sc = Array(sf.unicodeScalars)
        guard (2...10).contains(sc.count), sf.split(separator: " ").count <= 2 else { return false }
        guard sc[0].properties.isAlphabetic || sc[0].properties.numericType != nil else { return false }
        let letters = sc.filter { $0.properties.isAlphabetic }.count
        guard letters >= 2, sc.contains(where: { $0.properties.isUppercase }) else { return false }
        let lower = sf.lowercased()
        let refused: Set<String> = ["fig", "figs", "table", "eq", "ref", "refs", "see", "data", "ns", "ci", "sd", "se"]
        if refused.contains(lower) || lower.hasPrefix("fig") || lower.hasPrefix("table") { return false }
        if sc[0].properties.numericType != nil { return false }
        // "Fgf23^−/−", "Col1a1+/−": a genotype label names a mutant of the gene its letters name;
        // as an alias it would make every later mention of the gene the mutant.
        if sf.contains("/") && sc.contains(where: { ["−", "-", "+", "\u{2212}"].contains(String($0)) }) || sf.contains("^") { return false }
        // "Crx+", "CD8−": a sign after the symbol marks a variant (a vector, a cell population);
        // the normalised key drops it and would make it the bare symbol.
        if let last = sc.last, ["+", "-", "−"].contains(String(last)) { return false }
        return true
    }

    /// The shortest long form ending right before the parenthesis that matches `short`.
    static func bestLongForm(short: String, before: String) -> String? {
        var text = before
        while let last = text.last, last == " " { text.removeLast() }
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        let sfLen = short.unicodeScalars.count
        let maxWords = min(sfLen + 5, sfLen * 2)
        let window = words.suffix(maxWords).joined(separator: " ")
        let lf = Array(window.lowercased().unicodeScalars)
        let sf = Array(short.lowercased().unicodeScalars)
        func alnum(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || c.properties.numericType != nil }
        var sIndex = sf.count - 1
        var lIndex = lf.count - 1
        while sIndex >= 0 {
            let c = sf[sIndex]
            if !alnum(c) { sIndex -= 1; continue }
            while lIndex >= 0 && (lf[lIndex] != c || (sIndex == 0 && lIndex > 0 && alnum(lf[lIndex - 1]))) {
                lIndex -= 1
            }
            if lIndex < 0 { return nil }
            lIndex -= 1
            sIndex -= 1
        }
        // Start of the word containing lIndex + 1.
        var startIdx = lIndex + 1
        while startIdx > 0 && lf[startIdx - 1] != " " { startIdx -= 1 }
        let original = Array(window.unicodeScalars)
        var long = original.text(startIdx..<original.count)
        long = long.trimmingCharacters(in: CharacterSet(charactersIn: " ,;:[]\"'"))
        let longWords = long.split(separator: " ")
        guard long.unicodeScalars.count > short.unicodeScalars.count, !longWords.isEmpty,
              longWords.count <= maxWords, !long.contains(short),
              !long.contains("("), !long.contains(")") else { return nil }
        if ["the", "a", "an", "of", "and", "or", "in", "with"].contains(longWords[0].lowercased()) { return nil }
        // "Crx expression vector (Crx)": a short form that is the long form's own first word names
        // a variant of that word's thing, not an abbreviation of the phrase.
        if longWords.count > 1, TermNormalizer.key(String(longWords[0])) == TermNormalizer.key(short) { return nil }
        // The long form starts with the short form's first letter ("vulval precursor cells (VPCs)"),
        // and has at most |SF| + 2 words: longer matches are mostly run-on text.
        guard let f1 = long.unicodeScalars.first(where: { alnum($0) }), let f2 = short.unicodeScalars.first,
              String(f1).lowercased() == String(f2).lowercased(),
              longWords.count <= short.unicodeScalars.filter({ alnum($0) }).count + 2 else { return nil }
        return long
    }
}
