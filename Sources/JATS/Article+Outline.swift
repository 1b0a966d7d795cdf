/// A short, stable, human-readable outline of a parsed article, for golden tests and for a
/// person checking what the parser saw (`bench-parse --outline FILE`).
extension Article {
    /// Front matter, the section tree with normalised types, counts, and samples. Long texts
    /// are cut to `width` characters with "…".
    public func outline(width: Int = 160) -> String {
        var lines: [String] = []
        func add(_ key: String, _ value: String?) {
            if let value, !value.isEmpty { lines.append("\(key): \(cut(value, width))") }
        }
        add("title", front.title)
        add("subtitle", front.subtitle)
        add("article-type", articleType)
        add("language", language)
        add("dtd-version", dtdVersion)
        add("doctype", doctypePublicID)
        add("journal", front.journal)
        add("publisher", front.publisher)
        if let d = front.publicationDate { add("date", d.iso8601 + (d.type.map { " (\($0))" } ?? "")) }
        add("doi", front.doi)
        add("pmcid", front.pmcid)
        add("pmid", front.pmid)
        if let l = front.license {
            add("license-url", l.url)
            add("license-text", l.text)
        }
        lines.append("authors: \(front.authors.count)")
        for a in front.authors.prefix(3) {
            var s = "  - \(a.name)"
            if a.isCollaboration { s += " [collab]" }
            if let o = a.orcid { s += " orcid=\(o)" }
            if a.isCorresponding { s += " [corresp]" }
            lines.append(cut(s, width))
            for aff in a.affiliations.prefix(2) { lines.append(cut("      aff: \(aff)", width)) }
        }
        if !front.keywords.isEmpty { add("keywords", front.keywords.joined(separator: "; ")) }
        for a in front.abstracts {
            let head = [a.type, a.language, a.title].compactMap { $0 }.joined(separator: " / ")
            lines.append(cut("abstract\(head.isEmpty ? "" : " (\(head))"): \(a.text)", width))
        }
        lines.append("body:")
        outlineSections(body.subsections, depth: 1, into: &lines, width: width)
        if !back.subsections.isEmpty {
            lines.append("back:")
            outlineSections(back.subsections, depth: 1, into: &lines, width: width)
        }
        let paragraphs = allParagraphs
        lines.append("counts: paragraphs=\(paragraphs.count) figures=\(allFigures.count) tables=\(allTables.count) formulas=\(allFormulas.count) supplementary=\(allSupplementaryMaterials.count) references=\(references.count) floats=\(floats.count) sub-articles=\(subArticles.count)")
        if !paragraphs.isEmpty { add("sample-paragraph", paragraphs[paragraphs.count / 2].text) }
        if let f = allFigures.first { add("first-figure", f.captionText) }
        if let t = allTables.first {
            add("first-table", t.captionText + " [\(t.rows.count) rows, \(t.headerRowCount) header]")
            if let row = t.rows.first { add("first-table-row", row.joined(separator: " | ")) }
        }
        if let f = allFormulas.first(where: { !$0.text.isEmpty }) { add("first-formula", "(\(f.notation.rawValue)) \(f.text)") }
        if let r = references.first {
            let fields = [r.label.map { "[\($0)]" }, r.title ?? r.text, r.source, r.year.map(String.init),
                          r.doi.map { "doi:\($0)" }, r.pmid.map { "pmid:\($0)" }]
            add("first-reference", fields.compactMap { $0 }.joined(separator: " | "))
        }
        for sub in subArticles {
            lines.append(cut("sub-article: \(sub.articleType ?? "?") | \(sub.front.title ?? "(no title)") | doi=\(sub.front.doi ?? "-") | paragraphs=\(sub.allParagraphs.count)", width))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func outlineSections(_ sections: [Section], depth: Int, into lines: inout [String], width: Int) {
        for s in sections {
            let indent = String(repeating: "  ", count: depth)
            let title = [s.label, s.title].compactMap { $0 }.joined(separator: " ")
            var line = "\(indent)[\(s.type.rawValue)] \(title.isEmpty ? "(untitled)" : title)"
            if let st = s.secType { line += " {sec-type=\(st)}" }
            line += " (\(s.blocks.count) blocks)"
            lines.append(cut(line, width))
            outlineSections(s.subsections, depth: depth + 1, into: &lines, width: width)
        }
    }
}

private func cut(_ s: String, _ width: Int) -> String {
    s.count <= width ? s : String(s.prefix(width - 1)) + "…"
}
