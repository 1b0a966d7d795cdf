internal import CLibXML2

extension Extractor {
    /// A `<sec>` (or `<body>`, `<app>`, `<ack>`, `<boxed-text>`...) and everything in it.
    mutating func section(_ node: NodePtr, parentType: SectionType, isRoot: Bool = false) -> Section {
        var s = Section(id: node.trimmedAttr("id"))
        if !isRoot {
            s.label = text(node.child("label"))
            s.title = text(node.child("title")) ?? node.child("caption").flatMap { text($0.child("title")) }
            s.secType = node.trimmedAttr("sec-type")
        }
        s.type = isRoot ? parentType : SectionType.infer(secType: s.secType, title: s.title, parent: parentType)
        sectionContent(node, into: &s, type: s.type)
        return s
    }

    /// Adds the content of `node` (its children) to `s`: blocks, and sections as subsections.
    mutating func sectionContent(_ node: NodePtr, into s: inout Section, type: SectionType) {
        for c in node.elementChildren { element(c, into: &s, type: type) }
    }

    /// Adds one child element of a section to it.
    mutating func element(_ c: NodePtr, into s: inout Section, type: SectionType) {
            switch tag(c) {
            case .label, .title, .secMeta, .caption, .objectId, .permissions, .graphic, .media,
                 .altText, .longDesc, .attrib, .x, .fn, .sigBlock, .kwdGroup, .tableWrapFoot:
                return
            case .sec, .boxedText, .app, .ack, .notes, .bio, .glossary:
                let sub = section(c, parentType: type)
                if !sub.isEmpty { s.subsections.append(sub) }
            case .p:
                paragraph(c, into: &s.blocks)
            case .fig:
                s.blocks.append(.figure(figure(c)))
            case .tableWrap:
                s.blocks.append(.table(table(c)))
            case .dispFormula:
                let f = formula(c, display: true)
                s.blocks.append(.formula(f))
            case .supplementaryMaterial:
                s.blocks.append(.supplementary(supplementary(c)))
            case .list:
                listItems(c, into: &s.blocks)
            case .defList:
                for item in c.children("def-item") {
                    let term = text(item.child("term")), def = text(item.child("def"))
                    let t = [term, def].compactMap { $0 }.joined(separator: ": ")
                    if !t.isEmpty { s.blocks.append(.paragraph(Paragraph(text: t))) }
                }
            case .dispQuote, .statement, .speech, .verseGroup, .preformat, .code, .address, .array:
                var buf = TextBuffer()
                var ctx = InlineContext()
                inline(c, &buf, &ctx)
                if let t = buf.nonEmpty { s.blocks.append(.paragraph(Paragraph(text: t, formulas: ctx.formulas))) }
            default:
                // Grouping wrappers (fig-group, table-wrap-group, disp-formula-group, alternatives,
                // floats-group...) and unknown containers: their children belong to this section.
                sectionContent(c, into: &s, type: type)
            }
    }

    /// A `<p>`: its inline text as a paragraph, followed by any block-level elements nested in
    /// it (figures, tables, boxes), which JATS allows and PLOS and eLife use.
    mutating func paragraph(_ p: NodePtr, into blocks: inout [Block]) {
        var buf = TextBuffer()
        var ctx = InlineContext()
        ctx.extractBlocks = true
        inline(p, &buf, &ctx)
        if let t = buf.nonEmpty { blocks.append(.paragraph(Paragraph(text: t, formulas: ctx.formulas))) }
        for node in ctx.extracted {
            // A box inside a paragraph has no place in the section tree: keep its blocks here.
            var holder = Section()
            element(node, into: &holder, type: .other)
            holder.collectBlocks(into: &blocks)
        }
    }

    mutating func listItems(_ list: NodePtr, into blocks: inout [Block]) {
        for item in list.elementChildren {
            if item.named("list-item") {
                var buf = TextBuffer()
                var ctx = InlineContext()
                inline(item, &buf, &ctx)
                if let t = buf.nonEmpty { blocks.append(.paragraph(Paragraph(text: t, formulas: ctx.formulas))) }
            } else if item.named("title"), let t = text(item) {
                blocks.append(.paragraph(Paragraph(text: t)))
            }
        }
    }

    // MARK: Figures, tables, supplementary material

    /// Caption title and paragraphs of a `<caption>`.
    mutating func caption(_ node: NodePtr) -> (title: String?, text: String?) {
        guard let cap = node.child("caption") else { return (nil, nil) }
        let title = text(cap.child("title"))
        var paras: [String] = []
        for c in cap.elementChildren where !c.named("title") {
            if let t = text(c) { paras.append(t) }
        }
        return (title, paras.isEmpty ? nil : paras.joined(separator: " "))
    }

    mutating func figure(_ node: NodePtr) -> Figure {
        let cap = caption(node)
        return Figure(id: node.trimmedAttr("id"), label: text(node.child("label")), title: cap.title, caption: cap.text)
    }

    mutating func supplementary(_ node: NodePtr) -> SupplementaryMaterial {
        let cap = caption(node)
        let href = node.trimmedAttr("href") ?? node.child("media")?.trimmedAttr("href")
        return SupplementaryMaterial(id: node.trimmedAttr("id"), label: text(node.child("label")),
                                     title: cap.title, caption: cap.text, href: href)
    }

    mutating func table(_ node: NodePtr) -> Table {
        let cap = caption(node)
        var t = Table(id: node.trimmedAttr("id"), label: text(node.child("label")), title: cap.title, caption: cap.text)
        var tables: [NodePtr] = []
        node.descendants("table", into: &tables)
        for table in tables { tableRows(table, inHead: false, into: &t) }
        if let foot = node.child("table-wrap-foot") {
            var items = foot.children("fn")
            if items.isEmpty { items = foot.elementChildren.filter { !$0.named("title") } }
            for fn in items { if let f = textSkippingLabel(fn) { t.footnotes.append(f) } }
            if let fnGroup = foot.child("fn-group") {
                for fn in fnGroup.children("fn") { if let f = textSkippingLabel(fn) { t.footnotes.append(f) } }
            }
        }
        return t
    }

    /// Rows of an XHTML (`tr`/`th`/`td`) or OASIS CALS (`row`/`entry`) table.
    private mutating func tableRows(_ node: NodePtr, inHead: Bool, into t: inout Table) {
        for c in node.elementChildren {
            if c.named("tr") || c.named("row") {
                var row: [String] = []
                for cell in c.elementChildren where cell.named("td") || cell.named("th") || cell.named("entry") {
                    row.append(text(cell) ?? "")
                }
                if row.contains(where: { !$0.isEmpty }) {
                    t.rows.append(row)
                    if inHead && t.headerRowCount == t.rows.count - 1 { t.headerRowCount += 1 }
                }
            } else if !c.named("col") && !c.named("colgroup") && !c.named("colspec") {
                tableRows(c, inHead: inHead || c.named("thead"), into: &t)
            }
        }
    }
}
