import Foundation

/// Wording helpers and checks for training questions: names fit for a question, verb
/// agreement, and whether a question is self-contained and looks grammatical.
public enum QuestionStyle {
    /// Words that make a question lean on a document it does not show.
    static let deictic: [String] = [
        "this paper", "the paper", "this study", "the study", "these authors", "the authors", "this work", "the text",
        "this article", "the article", "in this review", "the present study", "our ", " we ", "figure", "fig.", "table ",
        "this text", "the manuscript", "above", "below", "aforementioned", "the passage", "the excerpt",
    ]
    /// Words that make a bad entity name inside a question.
    static let badNameWords: Set<String> = [
        "this", "these", "those", "that", "our", "we", "it", "they", "their", "its", "study", "paper", "author", "authors",
        "figure", "fig", "table", "text", "article", "sample", "samples", "group", "groups", "result", "results", "data",
        "method", "methods", "effect", "effects", "case", "cases", "approach", "work",
    ]

    /// A name that can stand in a question on its own: 3-60 characters, at most 6 words, a
    /// letter in it, no pronoun, deictic or document word.
    public static func isUsableName(_ name: String) -> Bool {
        let n = name.trimmingCharacters(in: .whitespaces)
        guard n.count >= 3, n.count <= 60, n.rangeOfCharacter(from: .letters) != nil else { return false }
        let words = n.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "'" && $0 != "-" })
        guard !words.isEmpty, words.count <= 6 else { return false }
        if words.count == 1, vagueNames.contains(String(words[0])) { return false }
        return !words.contains { badNameWords.contains(String($0)) }
    }

    /// Names too vague to ask about on their own ("variables", "characteristics").
    static let vagueNames: Set<String> = [
        "variable", "variables", "parameter", "parameters", "characteristic", "characteristics", "factor", "factors",
        "feature", "features", "property", "properties", "change", "changes", "condition", "conditions", "level", "levels",
        "value", "values", "component", "components", "element", "elements", "mechanism", "mechanisms", "process",
        "processes", "species", "type", "types", "form", "forms", "thing", "things", "part", "parts", "system", "systems",
    ]

    /// Prepositions that end a noun phrase's head part ("addition of seeds": the head is "addition").
    static let headEnders: Set<String> = ["of", "in", "from", "with", "for", "on", "at", "by", "to", "between", "within", "during"]

    /// Whether a noun phrase reads as plural by its head noun ("collagen fibrils", "addition of
    /// seeds" is singular; not "glass" or "chitosan").
    public static func isPlural(_ name: String) -> Bool {
        let words = name.lowercased().split(separator: " ").map(String.init)
        let headPart = words.firstIndex(where: headEnders.contains).map { words[..<$0] } ?? words[...]
        guard let last = headPart.last ?? words.last else { return false }
        let w = last
        guard w.count > 3, w.hasSuffix("s") else { return false }
        for ending in ["ss", "us", "is", "ys", "os", "ics", "ness", "sis", "ous", "ass", "xis"] where w.hasSuffix(ending) {
            return false
        }
        return true
    }

    /// A name as it reads inside a sentence: a first word capitalised only because it began a
    /// sentence ("Mineral", "Post-drawing") is lower-cased; acronyms ("AFM"), possessive
    /// eponyms ("Young's modulus") and organisms ("Bombyx mori") keep their case. Without a
    /// type (values, comparisons) only one-word names are lower-cased.
    public static func inSentence(_ name: String, type: String?) -> String {
        let n = name.trimmingCharacters(in: .whitespaces)
        guard type != "organism", let firstWord = n.split(separator: " ").first else { return n }
        if type == nil && n.contains(" ") { return n }
        let w = String(firstWord)
        guard let c = w.first, c.isUppercase, !w.hasSuffix("'s"), !w.hasSuffix("’s") else { return n }
        let rest = w.dropFirst()
        guard !rest.isEmpty, rest.allSatisfy({ $0.isLowercase || $0 == "-" || $0.isNumber }) else { return n }
        return c.lowercased() + n.dropFirst()
    }

    /// The plural of a countable building block ("aragonite tablet" -> "aragonite tablets"),
    /// for structures and cells; other names (materials, mass nouns) are returned as given.
    public static func countablePlural(_ name: String, type: String) -> String {
        guard type == "structure" || type == "cell_tissue", !isPlural(name), let last = name.last, last.isLetter else { return name }
        let lower = name.lowercased()
        if lower.hasSuffix("ss") || lower.hasSuffix("sh") || lower.hasSuffix("ch") || lower.hasSuffix("x") { return name + "es" }
        if lower.hasSuffix("y"), let before = lower.dropLast().last, !"aeiou".contains(before) { return name.dropLast() + "ies" }
        if lower.hasSuffix("s") || lower.hasSuffix("um") { return name }
        return name + "s"
    }

    /// "do" or "does" for a subject.
    static func doVerb(_ subject: String) -> String { isPlural(subject) ? "do" : "does" }
    /// "are" or "is" for a subject.
    static func beVerb(_ subject: String) -> String { isPlural(subject) ? "are" : "is" }

    /// The display unit of a value as written ("15–20 GPa" -> "GPa", "3.2 MJ/m3" -> "MJ/m3");
    /// nil when the text names no unit.
    public static func unit(of original: String) -> String? {
        let pattern = #"[0-9][0-9.,]*\s*(?:[–\-~±]\s*[0-9][0-9.,]*\s*)?([A-Za-zµμ°Ω%][A-Za-z0-9µμ°Ω/·\^\-%]*(?:\s*/\s*[A-Za-z0-9\^]+)?)\s*$"#
        guard let re = try? NSRegularExpression(pattern: pattern),
              let m = re.firstMatch(in: original, range: NSRange(original.startIndex..., in: original)),
              let r = Range(m.range(at: 1), in: original) else { return nil }
        let u = String(original[r]).trimmingCharacters(in: .whitespaces)
        return u.isEmpty ? nil : u
    }

    /// A measurement condition as a phrase after a verb: "dry" -> "when dry", "at 37 °C" stays.
    static func conditionPhrase(_ condition: String?) -> String {
        guard let c = condition?.trimmingCharacters(in: .whitespacesAndNewlines), !c.isEmpty, c.count <= 40 else { return "" }
        let first = c.lowercased().split(separator: " ").first.map(String.init) ?? ""
        let prepositions: Set<String> = ["at", "in", "under", "after", "when", "during", "for", "with", "without", "upon", "on", "before"]
        if prepositions.contains(first) { return " " + c }
        return c.split(separator: " ").count == 1 ? " when \(c)" : " under \(c) conditions"
    }

    /// True when the question names no paper, author, study, figure or "the text".
    public static func isSelfContained(_ question: String) -> Bool {
        let q = " " + question.lowercased() + " "
        if deictic.contains(where: { q.contains($0) }) { return false }
        // A dangling pronoun at the start ("It ...", "They ...", "This ...").
        let first = q.split(separator: " ").first.map(String.init) ?? ""
        return !["it", "they", "this", "these", "those", "he", "she"].contains(first)
    }

    /// A cheap grammaticality screen: a capitalised question word first, one final "?", no
    /// doubled word, no empty slot, balanced parentheses, 6-45 words.
    public static func looksGrammatical(_ question: String) -> Bool {
        let q = question.trimmingCharacters(in: .whitespaces)
        guard let first = q.first, first.isUppercase, q.hasSuffix("?"), q.filter({ $0 == "?" }).count == 1 else { return false }
        let words = q.dropLast().split(separator: " ").map { $0.lowercased() }
        guard (6...45).contains(words.count) else { return false }
        let starts: Set<String> = ["how", "what", "why", "which", "through", "in", "to", "by", "when", "where"]
        guard starts.contains(words[0]) else { return false }
        for i in 1..<words.count where words[i] == words[i - 1] && words[i].count > 1 { return false }
        if q.contains("  ") || q.contains(" ,") || q.contains("{") || q.contains("()") { return false }
        return q.filter({ $0 == "(" }).count == q.filter({ $0 == ")" }).count
    }
}
