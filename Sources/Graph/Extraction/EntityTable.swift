/// Collects the entities of one paper with their surface forms and aliases.
struct EntityTable {
    let paperKey: String
    private var targets: [String: TermTarget] = [:]
    private var surfaces: [String: [String: Int]] = [:]
    private var aliases: [String: Set<Alias>] = [:]
    private var declared: Set<String> = []

    init(paperKey: String) { self.paperKey = paperKey }

    /// Records an entity that exists even without a mention (keywords), with an alias.
    mutating func declare(_ t: TermTarget, alias: Alias?) {
        targets[t.key] = targets[t.key] ?? t
        declared.insert(t.key)
        if let alias { aliases[t.key, default: []].insert(alias) }
    }

    /// Records an alias of an entity without declaring it (abbreviations).
    mutating func alias(_ t: TermTarget, _ alias: Alias) {
        aliases[t.key, default: []].insert(alias)
    }

    /// Records a mention's surface form.
    mutating func saw(_ t: TermTarget, surface: String) {
        targets[t.key] = targets[t.key] ?? t
        surfaces[t.key, default: [:]][surface, default: 0] += 1
    }

    /// Entities that were mentioned or declared, sorted by key; names are the lexicon term or
    /// the most frequent surface form.
    func entities() -> [Entity] {
        var out: [Entity] = []
        for (key, t) in targets where surfaces[key] != nil || declared.contains(key) {
            let seen = surfaces[key] ?? [:]
            var name = t.name
            if t.source != .lexicon, let best = seen.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) {
                name = best.key
            }
            var all = aliases[key] ?? []
            for s in seen.keys {
                all.insert(Alias(text: s, key: TermNormalizer.key(s), source: t.source, paperKey: paperKey))
            }
            out.append(Entity(key: key, name: name, type: t.type, source: t.source, aliases: all.sorted()))
        }
        return out.sorted { $0.key < $1.key }
    }
}
