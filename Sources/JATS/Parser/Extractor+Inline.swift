internal import CLibXML2

/// State carried through one inline flattening.
struct InlineContext {
    /// Formulas met on the way, in order.
    var formulas: [Formula] = []
    /// When true, block-level elements inside a paragraph (figures, tables, boxes) are not
    /// flattened but collected in `extracted`, to become blocks after the paragraph.
    var extractBlocks = false
    var extracted: [NodePtr] = []
    /// Leave out direct `<label>` children (captions, footnotes, affiliations).
    var skipLabels = false
    /// Leave out `<contrib-group>` inside a `<collab>` (group members).
    var skipNestedContribs = false
    /// Bytes of entity replacement text emitted so far, capped by `maxEntityBytes`.
    var entityBytes = 0
    static let maxEntityBytes = 1 << 20
}

extension Extractor {
    /// Appends the readable text of `node`'s children to `buf`.
    mutating func inline(_ node: NodePtr, _ buf: inout TextBuffer, _ ctx: inout InlineContext) {
        var c = node.pointee.children
        while let n = c {
            defer { c = n.pointee.next }
            switch n.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = n.pointee.content { buf.append(content) }
            case XML_ENTITY_REF_NODE:
                entity(n, &buf, &ctx)
            case XML_ELEMENT_NODE:
                element(n, &buf, &ctx)
            default:
                continue // comments, processing instructions
            }
        }
    }

    private mutating func element(_ n: NodePtr, _ buf: inout TextBuffer, _ ctx: inout InlineContext) {
        switch tag(n) {
        case .inlineFormula:
            let f = formula(n, display: false)
            ctx.formulas.append(f)
            buf.append(f.text)
        case .dispFormula:
            let f = formula(n, display: true)
            ctx.formulas.append(f)
            buf.space(); buf.append(f.text); buf.space()
        case .math:
            let t = mathML(n)
            ctx.formulas.append(Formula(id: n.trimmedAttr("id"), text: t, notation: .mathML, isDisplay: false))
            buf.append(t)
        case .texMath:
            buf.append(cleanTeX(rawText(n) ?? ""))
        case .fig, .figGroup, .tableWrap, .tableWrapGroup, .supplementaryMaterial, .boxedText,
             .dispFormulaGroup:
            if ctx.extractBlocks { ctx.extracted.append(n) }
        case .label:
            if !ctx.skipLabels { spaced(n, &buf, &ctx) }
        case .contribGroup:
            if !ctx.skipNestedContribs { spaced(n, &buf, &ctx) }
        case .fn, .inlineGraphic, .graphic, .media, .altText, .longDesc, .objectId, .permissions,
             .privateChar, .secMeta, .tableWrapFoot, .caption, .attrib:
            return
        case .`break`:
            buf.space()
        case .sup:
            // 10<sup>6</sup> must not read "106": mark numeric exponents after a digit, and
            // negative exponents anywhere (s<sup>−1</sup> -> "s^−1"). Citation superscripts
            // (with an xref) and markers such as <sup>T</sup>, <sup>+</sup>, <sup>†</sup> stay plain.
            if n.descendant("xref") == nil, let first = rawText(n)?.unicodeScalars.first {
                let minus = first == "-" || first == "\u{2212}"
                let digitBase = buf.lastByte.map { $0 >= 0x30 && $0 <= 0x39 } == true
                if minus || (digitBase && first.properties.numericType != nil && first.isASCII) { buf.appendRaw("^") }
            }
            inline(n, &buf, &ctx)
        case .p, .list, .listItem, .title, .defList, .defItem, .term, .def, .dispQuote,
             .table, .thead, .tbody, .tfoot, .tr, .th, .td, .row, .entry, .sec, .statement,
             .speech, .speaker, .verseLine, .address, .addrLine, .institution, .country,
             .surname, .givenNames, .name, .stringName, .personGroup, .collab, .etal, .suffix:
            spaced(n, &buf, &ctx)
        default:
            // italic, bold, sup, sub, sc, monospace, xref, ext-link, named-content, styled-content...
            inline(n, &buf, &ctx)
        }
    }

    /// Block-ish element inside inline flow: a word break on each side.
    private mutating func spaced(_ n: NodePtr, _ buf: inout TextBuffer, _ ctx: inout InlineContext) {
        buf.space()
        inline(n, &buf, &ctx)
        buf.softSpace()
    }

    /// Entity references are never expanded by libxml2 here (no XML_PARSE_NOENT). An internal
    /// entity whose replacement text is plain characters (a character alias such as
    /// `<!ENTITY alpha "&#945;">`) is emitted; external, nested or markup-bearing entities are
    /// dropped, which keeps XXE and "billion laughs" inputs inert. Undeclared entities of the
    /// usual HTML/ISO sets (from an external DTD we never load) are mapped by a small table.
    private func entity(_ n: NodePtr, _ buf: inout TextBuffer, _ ctx: inout InlineContext) {
        if let raw = n.pointee.children {
            let ent = UnsafeMutableRawPointer(raw).assumingMemoryBound(to: xmlEntity.self)
            guard ent.pointee.type == XML_ENTITY_DECL, ent.pointee.etype == XML_INTERNAL_GENERAL_ENTITY,
                  let content = ent.pointee.content else { return }
            let length = Int(ent.pointee.length)
            guard length <= 64, ctx.entityBytes + length <= InlineContext.maxEntityBytes else { return }
            var i = 0
            while i < length {
                if content[i] == UInt8(ascii: "&") || content[i] == UInt8(ascii: "<") { return }
                i += 1
            }
            ctx.entityBytes += length
            buf.append(UnsafePointer(content))
            return
        }
        guard let name = n.pointee.name else { return }
        let key = String(cString: UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
        if let replacement = commonEntities[key] { buf.append(replacement) }
    }
}

/// Named entities that articles use from DTDs we never load.
let commonEntities: [String: String] = [
    "nbsp": " ", "ensp": " ", "emsp": " ", "thinsp": " ", "ndash": "\u{2013}", "mdash": "\u{2014}",
    "hyphen": "\u{2010}", "minus": "\u{2212}", "plusmn": "\u{00B1}", "times": "\u{00D7}", "divide": "\u{00F7}",
    "deg": "\u{00B0}", "micro": "\u{00B5}", "middot": "\u{00B7}", "le": "\u{2264}", "ge": "\u{2265}",
    "lsquo": "\u{2018}", "rsquo": "\u{2019}", "ldquo": "\u{201C}", "rdquo": "\u{201D}", "hellip": "\u{2026}",
    "copy": "\u{00A9}", "reg": "\u{00AE}", "trade": "\u{2122}", "alpha": "\u{03B1}", "beta": "\u{03B2}",
    "gamma": "\u{03B3}", "delta": "\u{03B4}", "epsilon": "\u{03B5}", "kappa": "\u{03BA}", "lambda": "\u{03BB}",
    "mu": "\u{03BC}", "pi": "\u{03C0}", "sigma": "\u{03C3}", "tau": "\u{03C4}", "omega": "\u{03C9}",
    "Delta": "\u{0394}", "Omega": "\u{03A9}", "rarr": "\u{2192}", "larr": "\u{2190}", "harr": "\u{2194}",
    "prime": "\u{2032}", "Prime": "\u{2033}", "sim": "\u{223C}", "asymp": "\u{2248}", "ne": "\u{2260}",
    "infin": "\u{221E}", "sect": "\u{00A7}", "para": "\u{00B6}", "dagger": "\u{2020}", "Dagger": "\u{2021}",
    "bull": "\u{2022}", "laquo": "\u{00AB}", "raquo": "\u{00BB}", "shy": "",
]
