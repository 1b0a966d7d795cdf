/// Owners of property values that only a noun phrase names, read by the clause reader.
extension ClauseExtractor {
    /// Words between a list of owners and their property ("A and B had apparent masses of").
    static let ownerLink: Set<String> = PropertyValueExtractor.linkToProperty.union([
        "were", "was", "are", "is", "showed", "displayed", "reached", "gave", "yielded", "respective",
    ])

    /// The owner of the value at token `q` of property `p`, when no mention next to the property
    /// says whose it is (`parentheticalOwner`), or before that rule (`respectiveOwner`):
    /// * a parenthesis that opens with the property: "densely packed fibers (thickness: ∼150 nm)"
    ///   -> fibers;
    /// * a "respectively" list: "A and B had masses of 52 kDa and 75 kDa, respectively" -> B for
    ///   75 kDa; only when every owner is read and the first opens its clause.
    func parentheticalOwner(property p: MatchedMention, quantityAt q: Int) -> Phrase? {
        guard let open = (0..<p.firstToken).last(where: { ctx.tokens[$0].text == "(" }), open + 1 == p.firstToken,
              !(open..<q).contains(where: { ctx.tokens[$0].text == ")" }) else { return nil }
        guard let e = wordIndex(before: open), var owner = nounPhraseLeft(endingAt: e) else { return nil }
        // "suspensions in a Malassez cell (thickness 100 µm)": the parenthesis describes the thing after "in".
        if owner.attached, let i = (tok.firstIndex { $0 >= owner.first }).flatMap({ s in (s...e).last { w[$0] == "in" } }) {
            guard let inner = nounPhraseRight(from: i + 1) else { return nil }
            owner = inner
        }
        guard owner.target.type != .property, owner.target.key != p.target.key else { return nil }
        return owner
    }

    func respectiveOwner(property p: MatchedMention, quantityAt q: Int, quantities: [FoundQuantity]) -> Phrase? {
        guard let resp = (q..<ctx.tokens.count).first(where: { ctx.tokens[$0].lower == "respectively" }) else { return nil }
        // The values of the list: after the property, before "respectively", in order.
        let firsts = quantities.compactMap { f in ctx.tokens.firstIndex(where: { $0.start >= f.range.lowerBound }) }
            .filter { $0 > p.lastToken && $0 < resp }
        guard firsts.count >= 2, let position = firsts.firstIndex(of: q) else { return nil }
        guard var e = wordIndex(before: p.firstToken) else { return nil }
        while e >= 0, Self.ownerLink.contains(w[e]) || NounPhrases.isAdverb(w[e]) { e -= 1 }
        var owners: [Phrase] = []
        var conjunction = false
        while e >= 0, owners.count < firsts.count, let owner = nounPhraseLeft(endingAt: e) {
            guard owner.target.type != .property else { return nil }
            owners.insert(owner, at: 0)
            guard let b = wordIndex(before: owner.first), ["and", ",", "or"].contains(w[b]) else { break }
            conjunction = true
            e = b - 1
            if e >= 0, w[e] == "," { e -= 1 }
        }
        // One owner with no conjunction before it owns the whole list ("X had moduli of 1 and 2
        // GPa dry and wet, respectively"): not a list of owners.
        guard !owners.isEmpty, conjunction || owners.count == firsts.count else { return nil }
        // The owners are the clause's subjects: the first one opens its clause (not "... expressed
        // in E. coli and B had", where the reader would take "coli" for an owner).
        guard owners.count == firsts.count, opensClause(owners[0]) else { return nil }
        // "Dry and wet silk fibers": adjectives that share one head, not owners of their own.
        if owners.dropLast().contains(where: { $0.isNew && $0.first == $0.last }), let last = owners.last, last.last > last.first {
            return nil
        }
        return owners[position]
    }
}
