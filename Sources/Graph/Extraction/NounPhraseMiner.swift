/// Noun-phrase candidates without a POS tagger: runs of 2-4 content words (no function words,
/// common verbs, numbers or -ly adverbs) whose last word has a nominal suffix or is a known
/// nominal head, not starting with a vague determiner-like adjective. The extractor keeps the
/// ones that recur in at least two chunks and types them `concept` (or by their lexicon head).
enum NounPhraseMiner {
    static let nominalSuffixes = [
        "tion", "sion", "ment", "ity", "ness", "ance", "ence", "ure", "ism", "ite", "ose", "ase", "ein", "gen",
        "ide", "ene", "yte", "ast", "ome", "ix", "in", "ol", "on", "er", "or", "um", "us", "ate", "ant", "ent",
        "age", "ing", "ogy", "ics", "ysis", "osis", "ia", "ue", "ell", "ils", "ers", "ons", "ins", "ites", "ates",
        "ides", "ents", "ures", "ices", "oids", "oid", "yl", "ane",
    ]
    static let nominalHeads: Set<String> = [
        "bone", "tissue", "cell", "fiber", "fibre", "fibril", "matrix", "layer", "scaffold", "structure", "shell",
        "silk", "tooth", "enamel", "dentin", "cartilage", "tendon", "ligament", "film", "gel", "hydrogel", "network",
        "domain", "sheet", "helix", "strand", "chain", "bond", "interface", "surface", "membrane", "wall", "particle",
        "crystal", "platelet", "plate", "composite", "modulus", "strength", "toughness", "stiffness", "hardness",
        "density", "stress", "strain", "protein", "peptide", "acid", "residue", "sequence", "gene", "receptor",
        "pathway", "factor", "site", "region", "defect", "crack", "fracture", "property", "size", "thickness",
        "diameter", "length", "mechanism", "cuticle", "nacre", "shell", "spider", "insect", "fish", "mouse", "model",
        "system", "material", "mineral", "collagen", "keratin", "chitin", "polymer", "fiber", "rod", "tube", "pore",
        "lamella", "lattice", "tablet", "spine", "scale", "skin", "hair", "horn", "beak", "claw", "wood", "plant",
        "leaf", "root", "seed", "muscle", "blood", "serum", "marrow", "cortex", "joint", "implant", "coating",
    ]
    static let badFirst: Set<String> = [
        "different", "several", "other", "same", "such", "new", "previous", "first", "second", "third", "further",
        "respective", "total", "various", "many", "most", "more", "less", "few", "high", "low", "higher", "lower",
        "significant", "similar", "present", "current", "recent", "important", "main", "major", "minor", "specific",
        "particular", "certain", "whole", "entire", "overall", "possible", "potential", "previously", "additional",
        "single", "individual", "large", "small", "larger", "smaller", "good", "best", "better", "key", "novel",
        "initial", "final", "average", "mean", "typical", "relative", "corresponding", "respective", "given",
        "known", "unknown", "obtained", "observed", "shown", "used", "using", "based", "following", "above", "below",
        "each", "every", "any", "some", "no", "all", "both", "either", "its", "their", "our", "this", "these",
        "those", "fig", "figure", "table", "supplementary", "supporting", "additional", "number", "type", "types",
    ]
    static let badHeads: Set<String> = [
        "study", "studies", "work", "time", "result", "data", "analysis", "figure", "table", "paper", "method",
        "approach", "case", "way", "number", "effect", "value", "information", "condition", "experiment", "sample",
        "group", "level", "order", "part", "form", "section", "author", "manuscript", "article", "question",
        "reason", "fact", "point", "term", "use", "purpose", "aim", "basis", "version", "step", "article", "line",
        "panel", "supplement", "material", "option", "finding", "observation", "evidence", "kind", "manner",
        "author", "contribution", "interest", "funding", "license", "permission", "copyright", "access", "ing",
        "reviewer", "editor", "comment", "response", "letter", "report", "reference", "appendix",
    ]
    static let verbs: Set<String> = [
        "increase", "increases", "decrease", "decreases", "show", "shows", "indicate", "indicates", "suggest",
        "suggests", "reveal", "reveals", "contain", "contains", "require", "requires", "remain", "remains",
        "exhibit", "exhibits", "display", "displays", "provide", "provides", "allow", "allows", "lead", "leads",
        "result", "results", "cause", "causes", "induce", "induces", "enhance", "enhances", "reduce", "reduces",
        "form", "forms", "become", "becomes", "appear", "appears", "seem", "seems", "occur", "occurs", "make",
        "makes", "take", "takes", "give", "gives", "use", "uses", "play", "plays", "bind", "binds", "regulate",
        "regulates", "affect", "affects", "depend", "depends", "consist", "consists", "compose", "include",
        "includes", "involve", "involves", "promote", "promotes", "inhibit", "inhibits", "represent", "represents",
        "observe", "describe", "describes", "demonstrate", "demonstrates", "report", "reports", "were", "was",
        "using", "based", "compared", "following", "associated", "related", "called", "termed", "named", "known",
    ]

    static func isContentWord(_ t: Token) -> Bool {
        guard t.kind == .word else { return false }
        let w = t.lower
        guard w.unicodeScalars.count >= 3, w.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == "'" })
        else { return false }
        if FunctionWords.all.contains(w) || verbs.contains(w) || !ConceptWords.isNounPhraseWord(w) { return false }
        if w.hasSuffix("ly") { return false }
        return true
    }

    static func isNominalHead(_ w: String, cache: WordCache) -> Bool {
        let s = cache.singular(cache.normalized(w))
        if badHeads.contains(s) { return false }
        if nominalHeads.contains(s) { return true }
        if w.hasSuffix("ed") || w.hasSuffix("ly") || w.hasSuffix("al") || w.hasSuffix("ic") || w.hasSuffix("ous")
            || w.hasSuffix("ive") || w.hasSuffix("ible") || w.hasSuffix("able") { return false }
        return nominalSuffixes.contains { s.hasSuffix($0) }
    }

    /// Candidate phrases of one sentence: (key, surface) pairs, each key once.
    static func candidates(_ tokens: [Token], scalars: [Unicode.Scalar], cache: WordCache) -> [(key: String, surface: String)] {
        var out: [(String, String)] = []
        var seen = Set<String>()
        var run: [Int] = []
        func flush() {
            defer { run = [] }
            guard run.count >= 2 else { return }
            for end in 1..<run.count {
                guard isNominalHead(tokens[run[end]].lower, cache: cache) else { continue }
                for n in 2...4 where end - n + 1 >= 0 {
                    let start = end - n + 1
                    let first = tokens[run[start]].lower
                    guard !badFirst.contains(first), !first.hasSuffix("ing") else { continue }
                    let range = tokens[run[start]].start..<tokens[run[end]].end
                    var words = run[start...end].map { cache.normalized(tokens[$0].text) }
                    words[words.count - 1] = cache.singular(words[words.count - 1])
                    let key = words.joined(separator: " ")
                    guard !key.isEmpty, seen.insert(key).inserted else { continue }
                    out.append((key, scalars.text(range)))
                }
            }
        }
        for (i, t) in tokens.enumerated() {
            if t.isHyphen { continue }
            if isContentWord(t) {
                // Words must touch: whitespace or a hyphen only.
                if let prev = run.last, i - prev > 1, !(i - prev == 2 && tokens[prev + 1].isHyphen) { flush() }
                run.append(i)
            } else {
                flush()
            }
        }
        flush()
        return out
    }
}
