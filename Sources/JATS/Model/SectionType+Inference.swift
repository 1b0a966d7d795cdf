extension SectionType {
    /// The normalised type of a section: from `sec-type` when it names a known type; else from
    /// the title when the parent's type is unknown (`.other`) or the title names a back-matter
    /// kind; else the parent's type, so "Cell culture" under "Methods" is `.methods`.
    public static func infer(secType: String?, title: String?, parent: SectionType) -> SectionType {
        if let secType, let t = fromSecType(secType) { return t }
        if let title, let t = fromTitle(title) {
            if parent == .other || parent == .notes || t.isBackMatter { return t }
        }
        return parent
    }

    var isBackMatter: Bool {
        switch self {
        case .acknowledgements, .supplementary, .dataAvailability, .funding, .competingInterests,
             .authorContributions, .appendix: true
        default: false
        }
    }

    /// Maps JATS `sec-type` values (`intro`, `materials|methods`, `results|discussion`...).
    public static func fromSecType(_ raw: String) -> SectionType? {
        let s = raw.lowercased()
        let parts = Set(s.split(whereSeparator: { $0 == "|" || $0 == " " || $0 == "," }).map(String.init))
        if parts.contains("results") && parts.contains("discussion") { return .resultsAndDiscussion }
        if parts.contains("methods") || parts.contains("materials") || parts.contains("method") { return .methods }
        switch s {
        case "intro", "introduction": return .introduction
        case "background": return .background
        case "results", "result", "findings": return .results
        case "discussion": return .discussion
        case "conclusions", "conclusion", "concluding-remarks": return .conclusion
        case "supplementary-material", "supplementary-materials", "supplementary", "supporting-information":
            return .supplementary
        case "data-availability", "data-access": return .dataAvailability
        case "cases", "case-report", "case-presentation": return .caseReport
        case "funding", "funding-information", "financial-disclosure": return .funding
        case "coi-statement", "competing-interests", "conflict": return .competingInterests
        case "author-contributions", "contributions": return .authorContributions
        case "abstract": return .abstract
        case "appendix": return .appendix
        case "acknowledgements", "acknowledgments", "ack": return .acknowledgements
        default: return nil
        }
    }

    /// Recognises the usual section titles ("1. Introduction", "Materials and Methods",
    /// "Results and discussion", "Concluding remarks", "Supporting Information"...).
    public static func fromTitle(_ raw: String) -> SectionType? {
        var t = raw.lowercased()
        // Drop leading numbering such as "1.", "2.3", "II.", "A." before the words.
        while let f = t.unicodeScalars.first, !CharacterSetLite.isLetter(f) || (t.count > 2 && isRomanPrefix(t)) {
            t.removeFirst()
            if t.isEmpty { return nil }
        }
        t = t.replacingAmpersand()
        let has = { (s: String) in t.contains(s) }
        let starts = { (s: String) in t.hasPrefix(s) }
        if has("result") && has("discussion") { return .resultsAndDiscussion }
        if starts("introduction") || t == "intro" { return .introduction }
        if starts("background") { return .background }
        if starts("method") || starts("material") || starts("experimental") || starts("methodology")
            || has(" and methods") || has(" and method") || starts("study design") || starts("the model")
            || starts("model and") { return .methods }
        if starts("result") || starts("findings") { return .results }
        if starts("discussion") || starts("general discussion") { return .discussion }
        if starts("conclusion") || starts("concluding") || starts("summary and conclusion") { return .conclusion }
        if starts("acknowledg") { return .acknowledgements }
        if starts("supporting information") || starts("supplementary") || starts("supplemental")
            || starts("additional file") || starts("electronic supplementary") { return .supplementary }
        if starts("data availability") || starts("availability of data") || starts("data accessibility")
            || starts("data and code availability") { return .dataAvailability }
        if starts("funding") || starts("financial disclosure") { return .funding }
        if starts("competing interest") || starts("conflict of interest") || starts("conflicts of interest")
            || starts("declaration of interest") || starts("declaration of competing") { return .competingInterests }
        if starts("author contribution") || starts("authors' contribution") || starts("authors contribution")
            || starts("author's contribution") { return .authorContributions }
        if starts("case report") || starts("case presentation") || starts("case description") { return .caseReport }
        if starts("appendix") { return .appendix }
        if t == "abstract" || t == "summary" { return .abstract }
        return nil
    }

    private static func isRomanPrefix(_ t: String) -> Bool {
        // "ii. results", "iv introduction": roman numeral followed by '.' or ' '.
        let head = t.prefix { $0 == "i" || $0 == "v" || $0 == "x" }
        guard !head.isEmpty, head.count <= 4 else { return false }
        let rest = t.dropFirst(head.count)
        return rest.first == "." || (rest.first == " " && head.count >= 2)
    }
}

enum CharacterSetLite {
    static func isLetter(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic }
}

extension String {
    fileprivate func replacingAmpersand() -> String {
        guard contains("&") else { return self }
        return split(separator: "&", omittingEmptySubsequences: false).joined(separator: "and")
    }
}
