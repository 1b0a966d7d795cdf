internal import CLibXML2

/// Element names the extractor switches on. libxml2 interns names in the document's
/// dictionary, so `Extractor.tag(_:)` caches the mapping by name pointer: no String is built
/// and no string comparison made for an element whose name was seen before.
enum Tag: String {
    case ack = "ack"
    case addrLine = "addr-line"
    case address = "address"
    case altText = "alt-text"
    case app = "app"
    case array = "array"
    case attrib = "attrib"
    case bio = "bio"
    case boxedText = "boxed-text"
    case `break` = "break"
    case caption = "caption"
    case code = "code"
    case collab = "collab"
    case contribGroup = "contrib-group"
    case country = "country"
    case def = "def"
    case defItem = "def-item"
    case defList = "def-list"
    case dispFormula = "disp-formula"
    case dispFormulaGroup = "disp-formula-group"
    case dispQuote = "disp-quote"
    case entry = "entry"
    case etal = "etal"
    case fig = "fig"
    case figGroup = "fig-group"
    case fn = "fn"
    case givenNames = "given-names"
    case glossary = "glossary"
    case graphic = "graphic"
    case inlineFormula = "inline-formula"
    case inlineGraphic = "inline-graphic"
    case institution = "institution"
    case kwdGroup = "kwd-group"
    case label = "label"
    case list = "list"
    case listItem = "list-item"
    case longDesc = "long-desc"
    case math = "math"
    case media = "media"
    case name = "name"
    case notes = "notes"
    case objectId = "object-id"
    case p = "p"
    case permissions = "permissions"
    case personGroup = "person-group"
    case preformat = "preformat"
    case privateChar = "private-char"
    case row = "row"
    case sec = "sec"
    case secMeta = "sec-meta"
    case sigBlock = "sig-block"
    case speaker = "speaker"
    case speech = "speech"
    case statement = "statement"
    case stringName = "string-name"
    case suffix = "suffix"
    case sup = "sup"
    case supplementaryMaterial = "supplementary-material"
    case surname = "surname"
    case table = "table"
    case tableWrap = "table-wrap"
    case tableWrapFoot = "table-wrap-foot"
    case tableWrapGroup = "table-wrap-group"
    case tbody = "tbody"
    case td = "td"
    case term = "term"
    case texMath = "tex-math"
    case tfoot = "tfoot"
    case th = "th"
    case thead = "thead"
    case title = "title"
    case tr = "tr"
    case verseGroup = "verse-group"
    case verseLine = "verse-line"
    case x = "x"
    /// Any other element.
    case other = ""
}

extension Extractor {
    /// The `Tag` of an element, cached by its (interned) name pointer.
    mutating func tag(_ node: NodePtr) -> Tag {
        guard let name = node.pointee.name else { return .other }
        let key = UnsafeRawPointer(name)
        if let t = tagCache[key] { return t }
        let t = Tag(rawValue: node.localName) ?? .other
        tagCache[key] = t
        return t
    }
}
