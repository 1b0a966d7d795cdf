internal import CLibXML2

extension Extractor {
    /// `<back>`: references go to `references`; everything else becomes sections of a root
    /// section (acknowledgements, appendices, notes, footnote groups, glossary).
    mutating func backMatter(_ back: NodePtr, references: inout [Reference]) -> Section {
        var root = Section()
        for c in back.elementChildren {
            switch c.localName {
            case "ref-list":
                referenceList(c, into: &references)
            case "app-group":
                var group = section(c, parentType: .appendix)
                group.type = .appendix
                if group.title == nil && group.blocks.isEmpty && group.subsections.count > 0 {
                    root.subsections += group.subsections
                } else if !group.isEmpty {
                    root.subsections.append(group)
                }
            case "fn-group":
                let s = footnoteGroup(c)
                if !s.isEmpty { root.subsections.append(s) }
            case "ack":
                var s = section(c, parentType: .acknowledgements)
                s.type = .acknowledgements
                if s.title == nil { s.title = "Acknowledgements" }
                if !s.isEmpty { root.subsections.append(s) }
            case "label", "title":
                continue
            default:
                let parent: SectionType = c.named("app") ? .appendix : c.named("notes") ? .notes : .other
                var s = section(c, parentType: parent)
                if c.named("app") { s.type = .appendix }
                if !s.isEmpty { root.subsections.append(s) }
            }
        }
        // Reference lists inside sections (some publishers) are still references.
        for sec in back.children("sec") {
            var lists: [NodePtr] = []
            sec.descendants("ref-list", into: &lists)
            for l in lists { referenceList(l, into: &references) }
        }
        return root
    }

    private mutating func footnoteGroup(_ node: NodePtr) -> Section {
        var s = Section(title: text(node.child("title")), id: node.trimmedAttr("id"))
        let contentType = node.trimmedAttr("content-type")?.lowercased() ?? ""
        s.type = contentType.contains("competing") || contentType.contains("conflict") ? .competingInterests
            : contentType.contains("contribution") ? .authorContributions
            : SectionType.infer(secType: nil, title: s.title, parent: .notes)
        for fn in node.elementChildren where fn.named("fn") {
            if let t = textSkippingLabel(fn) { s.blocks.append(.paragraph(Paragraph(text: t))) }
        }
        return s
    }

    mutating func referenceList(_ list: NodePtr, into refs: inout [Reference]) {
        for c in list.elementChildren {
            if c.named("ref") { refs.append(reference(c)) }
            else if c.named("ref-list") { referenceList(c, into: &refs) }
        }
    }

    private mutating func reference(_ ref: NodePtr) -> Reference {
        var r = Reference(id: ref.trimmedAttr("id"), label: text(ref.child("label")))
        var citations: [NodePtr] = []
        for c in ref.elementChildren {
            if c.named("element-citation") || c.named("mixed-citation") || c.named("citation") || c.named("nlm-citation") {
                citations.append(c)
            } else if c.named("citation-alternatives") {
                citations += c.elementChildren.filter { !$0.named("label") }
            }
        }
        guard let cit = citations.first else {
            r.text = textSkippingLabel(ref) ?? ""
            return r
        }
        r.publicationType = cit.trimmedAttr("publication-type") ?? cit.trimmedAttr("citation-type")
        // One walk over the citation collects the fields (instead of a search per field).
        var fields = CitationFields()
        collect(cit, into: &fields)
        for c in citations.dropFirst() { collectIDs(c, into: &fields) }
        r.title = text(fields.articleTitle) ?? text(fields.chapterTitle) ?? text(fields.dataTitle)
        r.source = text(fields.source)
        r.year = rawText(fields.year).flatMap { firstInt($0, digits: 4) }
        for id in fields.pubIDs {
            guard let v = rawText(id) else { continue }
            switch id.trimmedAttr("pub-id-type")?.lowercased() {
            case "doi": r.doi = r.doi ?? normalizeDOI(v)
            case "pmid": r.pmid = r.pmid ?? v
            default: break
            }
        }
        if r.doi == nil {
            for l in fields.extLinks where l.trimmedAttr("ext-link-type")?.lowercased() == "doi" {
                r.doi = (l.trimmedAttr("href") ?? rawText(l)).map(normalizeDOI)
            }
        }
        if r.year == nil, let t = text(cit) { r.year = yearInText(t) }
        r.authors = citationNames(cit)
        r.text = cit.named("element-citation") || cit.named("nlm-citation") && !hasMixedText(cit)
            ? composedCitation(cit, r) : (text(cit) ?? "")
        return r
    }

    struct CitationFields {
        var articleTitle, chapterTitle, dataTitle, source, year: NodePtr?
        var pubIDs: [NodePtr] = []
        var extLinks: [NodePtr] = []
    }

    private mutating func collect(_ node: NodePtr, into f: inout CitationFields) {
        for c in node.elementChildren {
            switch tag(c) {
            case .articleTitle: if f.articleTitle == nil { f.articleTitle = c }
            case .chapterTitle: if f.chapterTitle == nil { f.chapterTitle = c }
            case .dataTitle: if f.dataTitle == nil { f.dataTitle = c }
            case .source: if f.source == nil { f.source = c }
            case .year: if f.year == nil { f.year = c }
            case .pubId: f.pubIDs.append(c)
            case .extLink: f.extLinks.append(c)
            case .personGroup, .name, .stringName: continue // names hold none of these fields
            default: collect(c, into: &f)
            }
        }
    }

    private mutating func collectIDs(_ node: NodePtr, into f: inout CitationFields) {
        var other = CitationFields()
        collect(node, into: &other)
        f.pubIDs += other.pubIDs
        f.extLinks += other.extLinks
    }

    private func hasMixedText(_ node: NodePtr) -> Bool {
        var c = node.pointee.children
        while let n = c {
            if n.isText, let content = n.pointee.content {
                var p = content
                while p.pointee != 0 {
                    if !isSpaceByte(p.pointee) { return true }
                    p += 1
                }
            }
            c = n.pointee.next
        }
        return false
    }

    private mutating func citationNames(_ cit: NodePtr) -> [String] {
        var holders = cit.children("person-group")
        if holders.isEmpty { holders = [cit] }
        var out: [String] = []
        for h in holders {
            for n in h.elementChildren {
                if n.named("name") || n.named("string-name") {
                    let surname = text(n.child("surname")), given = text(n.child("given-names"))
                    if let surname {
                        out.append(given.map { "\(surname) \($0)" } ?? surname)
                    } else if let t = text(n) {
                        out.append(t)
                    }
                } else if n.named("collab"), let t = text(n) {
                    out.append(t)
                }
            }
        }
        return out
    }

    /// A readable citation for `element-citation`, which has no punctuation between its parts.
    private mutating func composedCitation(_ cit: NodePtr, _ r: Reference) -> String {
        var parts: [String] = []
        if !r.authors.isEmpty { parts.append(r.authors.joined(separator: ", ")) }
        if let y = r.year { parts.append("(\(y))") }
        if let t = r.title { parts.append(t) }
        var tail = r.source ?? ""
        if let v = rawText(cit.child("volume")) { tail += (tail.isEmpty ? "" : " ") + v }
        if let issue = rawText(cit.child("issue")) { tail += "(\(issue))" }
        if let f = rawText(cit.child("fpage")) {
            tail += ": " + f + (rawText(cit.child("lpage")).map { "\u{2013}" + $0 } ?? "")
        } else if let e = rawText(cit.child("elocation-id")) {
            tail += ": " + e
        }
        if !tail.isEmpty { parts.append(tail) }
        return joinCaption(parts.map(Optional.some))
    }
}

/// The last plausible publication year (1500...2100) in an unstructured citation.
func yearInText(_ s: String) -> Int? {
    var found: Int?
    var run = 0, value = 0
    for b in s.utf8 + [0x20] {
        if b >= 0x30 && b <= 0x39 {
            run += 1
            value = value * 10 + Int(b - 0x30)
        } else {
            if run == 4, (1500...2100).contains(value) { found = value }
            run = 0; value = 0
        }
    }
    return found
}
