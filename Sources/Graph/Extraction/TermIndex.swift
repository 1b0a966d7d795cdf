/// What a matched name stands for: an entity of the paper graph under construction.
struct TermTarget: Sendable, Hashable {
    var key: String
    var name: String
    var type: EntityType
    var source: EntitySource
}

/// The names the matcher looks for in one paper: lexicon terms, keywords, abbreviations and
/// recurring noun phrases, by normalised key or (for acronyms) by exact surface form.
struct TermIndex: Sendable {
    private(set) var byKey: [String: TermTarget] = [:]
    private(set) var byAcronym: [String: TermTarget] = [:]
    private(set) var maxWords = 1
    /// First word of every key (lets the matcher skip most positions at once).
    private(set) var firstWords: Set<String> = []

    init(lexicon: Lexicon) {
        let targets = lexicon.entries.map { TermTarget(key: $0.key, name: $0.term, type: $0.type, source: .lexicon) }
        for (k, idx) in lexicon.byKey {
            byKey[k] = targets[idx]
            firstWords.insert(String(k.split(separator: " ")[0]))
        }
        for (a, idx) in lexicon.byAcronym { byAcronym[a] = targets[idx] }
        maxWords = max(1, lexicon.maxWords)
    }

    func target(forKey key: String) -> TermTarget? { byKey[key] }
    func target(forAcronym surface: String) -> TermTarget? { byAcronym[surface] }

    /// Defines a short form for this paper (the author's definition beats the lexicon's acronym).
    mutating func define(short: String, target: TermTarget) {
        if Lexicon.isAcronym(short) {
            byAcronym[short] = target
            maxWords = max(maxWords, TermNormalizer.words(short).count)
        } else {
            add(name: short, target: target)
        }
    }

    /// Adds a name unless its key (or acronym) is taken; returns the target the name now means.
    @discardableResult
    mutating func add(name: String, target: TermTarget) -> TermTarget {
        if Lexicon.isAcronym(name) {
            if let t = byAcronym[name] { return t }
            byAcronym[name] = target
            maxWords = max(maxWords, TermNormalizer.words(name).count)
            return target
        }
        let key = TermNormalizer.key(name)
        guard !key.isEmpty else { return target }
        if let t = byKey[key] { return t }
        byKey[key] = target
        firstWords.insert(String(key.split(separator: " ")[0]))
        maxWords = max(maxWords, key.split(separator: " ").count)
        return target
    }
}
