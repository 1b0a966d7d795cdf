import Foundation
internal import CLibXML2

extension Extractor {
    /// `<front>` (journal-meta + article-meta) or a sub-article's `<front-stub>`.
    mutating func frontMatter(_ front: NodePtr) -> FrontMatter {
        var fm = FrontMatter()
        let meta = front.child("article-meta") ?? front
        if let journalMeta = front.child("journal-meta") {
            fm.journal = text(journalMeta.descendant("journal-title")) ?? journalID(journalMeta)
            fm.publisher = text(journalMeta.descendant("publisher-name"))
        }
        indexAffiliations(meta)
        if let titleGroup = meta.child("title-group") {
            fm.title = text(titleGroup.child("article-title"))
            fm.subtitle = text(titleGroup.child("subtitle"))
        }
        for id in meta.children("article-id") {
            guard let value = rawText(id) else { continue }
            switch id.trimmedAttr("pub-id-type")?.lowercased() {
            case "doi": fm.doi = fm.doi ?? normalizeDOI(value)
            case "pmid": fm.pmid = fm.pmid ?? value
            case "pmc", "pmcid": fm.pmcid = fm.pmcid ?? normalizePMCID(value)
            default: break
            }
        }
        fm.publicationDate = publicationDate(meta.children("pub-date"))
        if let permissions = meta.child("permissions") { fm.license = license(permissions) }
        for group in meta.children("contrib-group") { fm.authors += authors(group) }
        for group in meta.children("kwd-group") {
            for kwd in group.children("kwd") { if let k = text(kwd) { fm.keywords.append(k) } }
        }
        for node in meta.elementChildren where node.named("abstract") || node.named("trans-abstract") {
            fm.abstracts.append(abstract(node))
        }
        return fm
    }

    // MARK: Dates

    func publicationDate(_ dates: [NodePtr]) -> PublicationDate? {
        func rank(_ d: NodePtr) -> Int {
            let type = (d.trimmedAttr("pub-type") ?? d.trimmedAttr("date-type") ?? "").lowercased()
            let format = (d.trimmedAttr("publication-format") ?? "").lowercased()
            switch type {
            case "epub": return 0
            case "pub": return format == "print" ? 2 : 0
            case "ppub": return 2
            case "epub-ppub": return 3
            case "collection": return 4
            default: return 5
            }
        }
        var best: (rank: Int, date: PublicationDate)?
        for d in dates {
            guard let yearText = rawText(d.child("year")), let year = firstInt(yearText, digits: 4) else { continue }
            var date = PublicationDate(year: year, type: d.trimmedAttr("pub-type") ?? d.trimmedAttr("date-type"))
            if let m = rawText(d.child("month")).flatMap(parseMonth), (1...12).contains(m) {
                date.month = m
                if let day = rawText(d.child("day")).flatMap({ Int($0) }), (1...31).contains(day) { date.day = day }
            }
            let r = rank(d)
            if best == nil || r < best!.rank { best = (r, date) }
        }
        return best?.date
    }

    private func parseMonth(_ s: String) -> Int? {
        if let n = Int(s) { return n }
        let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        return names.firstIndex(of: String(s.lowercased().prefix(3))).map { $0 + 1 }
    }

    // MARK: Licence

    mutating func license(_ permissions: NodePtr) -> License? {
        guard let lic = permissions.child("license") else {
            // Some publishers give only ali:free_to_read/ali:license_ref or a statement.
            if let ref = permissions.child("license_ref") { return License(url: rawText(ref)) }
            return nil
        }
        var out = License(url: lic.trimmedAttr("href"), type: lic.trimmedAttr("license-type"))
        if out.url == nil, let ref = lic.child("license_ref") ?? permissions.child("license_ref") { out.url = rawText(ref) }
        var paras: [String] = []
        for p in lic.children("license-p") { if let t = text(p) { paras.append(t) } }
        if paras.isEmpty, let t = text(lic) { paras.append(t) }
        out.text = paras.isEmpty ? nil : paras.joined(separator: " ")
        if out.url == nil {
            var links: [NodePtr] = []
            lic.descendants("ext-link", into: &links)
            out.url = links.lazy.compactMap { $0.trimmedAttr("href") }.first { $0.contains("creativecommons.org") }
        }
        return out
    }

    // MARK: Authors and affiliations

    mutating func indexAffiliations(_ meta: NodePtr) {
        var affs: [NodePtr] = []
        meta.descendants("aff", into: &affs)
        for aff in affs {
            guard let t = affiliationText(aff) else { continue }
            if let id = aff.trimmedAttr("id") { affiliations[id] = t }
            affiliationOrder.append(t)
        }
    }

    /// Affiliation text without its label. When the parts are bare elements with no text between
    /// them (common in eLife and SciELO), they are joined with ", ".
    mutating func affiliationText(_ aff: NodePtr) -> String? {
        guard var t = affiliationBody(aff) else { return nil }
        // A leading marker written as <sup>1</sup> or <bold>a</bold> instead of <label>.
        if let first = aff.elementChildren.first(where: { _ in true }), first.named("sup") || first.named("bold"),
           let marker = rawText(first), marker.count <= 3, t.hasPrefix(marker) {
            t = String(t.dropFirst(marker.count).drop { $0 == " " || $0 == "," })
        }
        // "Institute , Basel": a space some publishers leave before separators.
        if t.contains(" ,") { t = t.replacingOccurrences(of: " ,", with: ",") }
        return t.isEmpty ? nil : t
    }

    /// `journal-id` when there is no `journal-title` (nlm-ta, then iso-abbrev, then the first).
    private func journalID(_ journalMeta: NodePtr) -> String? {
        let ids = journalMeta.children("journal-id")
        for type in ["nlm-ta", "iso-abbrev"] {
            if let id = ids.first(where: { $0.trimmedAttr("journal-id-type") == type }) { return rawText(id) }
        }
        return ids.first.flatMap { rawText($0) }
    }

    private mutating func affiliationBody(_ aff: NodePtr) -> String? {
        // SciELO gives the affiliation as written plus its parsed parts: prefer the original.
        if let original = aff.children("institution").first(where: { $0.trimmedAttr("content-type") == "original" }),
           let t = text(original) {
            return String(t.drop { $0 == "." || $0 == "," || $0 == " " || $0 == ";" })
        }
        var hasText = false
        var c = aff.pointee.children
        while let n = c {
            if n.isText, let content = n.pointee.content {
                var p = content
                while p.pointee != 0 {
                    if !isSpaceByte(p.pointee) && p.pointee != 0x2C { hasText = true; break }
                    p += 1
                }
            }
            c = n.pointee.next
        }
        if hasText { return textSkippingLabel(aff) }
        var parts: [String] = []
        for child in aff.elementChildren where !child.named("label") && !child.named("email") {
            if let t = text(child) { parts.append(t) }
        }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    mutating func authors(_ group: NodePtr) -> [Author] {
        let groupType = group.trimmedAttr("content-type")
        var groupAffs: [String] = []
        for aff in group.children("aff") { if let t = affiliationText(aff) { groupAffs.append(t) } }
        // Members of a group that links affiliations by xref and who have none are not
        // given the group's affiliations (e.g. a consortium listed beside its authors).
        let contribs = group.children("contrib")
        let linksByXref = contribs.contains { c in
            c.children("xref").contains { $0.trimmedAttr("ref-type") == "aff" }
        }
        var out: [Author] = []
        for contrib in contribs {
            let type = contrib.trimmedAttr("contrib-type")?.lowercased() ?? groupType?.lowercased()
            if let type, type != "author" { continue }
            guard var author = authorName(contrib) else { continue }
            author.orcid = orcid(contrib)
            for xref in contrib.children("xref") {
                switch xref.trimmedAttr("ref-type") {
                case "aff":
                    for rid in (xref.attr("rid") ?? "").split(separator: " ") {
                        if let t = affiliations[String(rid)], !author.affiliations.contains(t) { author.affiliations.append(t) }
                    }
                case "corresp": author.isCorresponding = true
                default: break
                }
            }
            for aff in contrib.children("aff") { if let t = affiliationText(aff) { author.affiliations.append(t) } }
            if author.affiliations.isEmpty {
                if linksByXref { /* deliberately none */ }
                else if !groupAffs.isEmpty { author.affiliations = groupAffs }
                else if affiliationOrder.count == 1 { author.affiliations = affiliationOrder }
            }
            var emails: [NodePtr] = []
            contrib.descendants("email", into: &emails)
            author.emails = emails.compactMap { rawText($0) }
            if contrib.trimmedAttr("corresp") == "yes" { author.isCorresponding = true }
            out.append(author)
        }
        return out
    }

    private mutating func authorName(_ contrib: NodePtr) -> Author? {
        let nameNode = contrib.child("name") ?? contrib.child("name-alternatives")?.child("name")
        if let nameNode {
            let surname = text(nameNode.child("surname"))
            let given = text(nameNode.child("given-names"))
            let full = [given, surname].compactMap { $0 }.joined(separator: " ")
            if !full.isEmpty { return Author(name: full, surname: surname, givenNames: given) }
        }
        if let s = contrib.child("string-name") {
            let surname = text(s.child("surname")), given = text(s.child("given-names"))
            if let t = text(s) { return Author(name: t, surname: surname, givenNames: given) }
        }
        if let collab = contrib.child("collab") ?? contrib.child("collab-alternatives")?.child("collab") {
            var buf = TextBuffer()
            var ctx = InlineContext()
            ctx.skipNestedContribs = true
            inline(collab, &buf, &ctx)
            if let t = buf.nonEmpty { return Author(name: t, isCollaboration: true) }
        }
        return nil
    }

    private func orcid(_ contrib: NodePtr) -> String? {
        for id in contrib.children("contrib-id") {
            let type = id.trimmedAttr("contrib-id-type")?.lowercased()
            if let t = rawText(id), type == "orcid" || t.contains("orcid") { return extractORCID(t) ?? t }
        }
        for uri in contrib.children("uri") {
            if let t = uri.trimmedAttr("href") ?? rawText(uri), t.contains("orcid"), let o = extractORCID(t) { return o }
        }
        return nil
    }

    // MARK: Abstracts

    mutating func abstract(_ node: NodePtr) -> Abstract {
        var a = Abstract(type: node.trimmedAttr("abstract-type"), language: node.trimmedAttr("lang"))
        a.title = text(node.child("title"))
        var content = Section(title: nil, type: .abstract)
        sectionContent(node, into: &content, type: .abstract)
        a.content = content
        return a
    }
}

// MARK: - Identifier normalisation

/// Strips `doi:` and resolver prefixes; DOIs are kept as written otherwise.
func normalizeDOI(_ s: String) -> String {
    var t = s.trimmingASCIIWhitespace()
    for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:", "DOI:", "doi: "] where t.hasPrefix(prefix) {
        t = String(t.dropFirst(prefix.count)).trimmingASCIIWhitespace()
    }
    return t
}

/// `2789071` or `PMC2789071` -> `PMC2789071`.
func normalizePMCID(_ s: String) -> String {
    let t = s.trimmingASCIIWhitespace()
    return t.uppercased().hasPrefix("PMC") ? "PMC" + t.dropFirst(3) : "PMC" + t
}

/// The first `0000-0000-0000-000X` pattern in `s`.
func extractORCID(_ s: String) -> String? {
    let chars = Array(s.utf8)
    guard chars.count >= 19 else { return nil }
    outer: for start in 0...(chars.count - 19) {
        for i in 0..<19 {
            let c = chars[start + i]
            if i == 4 || i == 9 || i == 14 {
                if c != UInt8(ascii: "-") { continue outer }
            } else if i == 18 {
                if !(c >= 0x30 && c <= 0x39) && c != UInt8(ascii: "X") { continue outer }
            } else if !(c >= 0x30 && c <= 0x39) { continue outer }
        }
        return String(decoding: chars[start..<start + 19], as: UTF8.self)
    }
    return nil
}

/// The first run of exactly `digits` ASCII digits (e.g. the year in "2010a"), or the first
/// integer when `digits` is nil.
func firstInt(_ s: String, digits: Int? = nil) -> Int? {
    var run = 0, value = 0
    for b in s.utf8 {
        if b >= 0x30 && b <= 0x39 {
            run += 1
            value = value * 10 + Int(b - 0x30)
            if run > 9 { return nil }
        } else {
            if run > 0, digits == nil || run == digits { return value }
            run = 0; value = 0
        }
    }
    if run > 0, digits == nil || run == digits { return value }
    return nil
}
