import Foundation
internal import CLibXML2

extension Extractor {
    /// A `<disp-formula>` or `<inline-formula>` as text, preferring `<alt-text>`, then
    /// `<tex-math>`, then MathML, then the plain text content.
    mutating func formula(_ node: NodePtr, display: Bool) -> Formula {
        let id = node.trimmedAttr("id")
        let label = text(node.child("label"))
        if let alt = node.descendant("alt-text"), let t = text(alt) {
            return Formula(id: id, label: label, text: t, notation: .altText, isDisplay: display)
        }
        if let tex = node.descendant("tex-math"), let raw = rawText(tex) {
            let t = cleanTeX(raw)
            if !t.isEmpty { return Formula(id: id, label: label, text: t, notation: .tex, isDisplay: display) }
        }
        if let math = node.descendant("math") {
            let t = mathML(math)
            if !t.isEmpty { return Formula(id: id, label: label, text: t, notation: .mathML, isDisplay: display) }
        }
        var buf = TextBuffer()
        var ctx = InlineContext()
        ctx.skipLabels = true
        inline(node, &buf, &ctx)
        return Formula(id: id, label: label, text: buf.string, notation: buf.isEmpty ? .graphic : .text, isDisplay: display)
    }

    /// MathML flattened to readable linear text: `x^2`, `x_i`, `(a)/(b)`, `√(x)`.
    func mathML(_ node: NodePtr) -> String {
        var out = ""
        appendMath(node, &out)
        var buf = TextBuffer()
        buf.append(out)
        return buf.string
    }

    private func appendMath(_ node: NodePtr, _ out: inout String) {
        let kids = Array(node.elementChildren)
        switch node.localName {
        case "mi", "mn", "mtext", "ms":
            out += rawText(node) ?? ""
        case "mo":
            // Invisible operators (function application, invisible times...) add nothing readable.
            let op = (rawText(node) ?? "").filter { !("\u{2061}"..."\u{2064}").contains($0) }
            if ["=", "<", ">", "\u{2264}", "\u{2265}", "\u{2248}", "\u{2260}", "\u{2192}", "+", "\u{2212}", "\u{00B1}", "\u{00D7}"].contains(op) {
                out += " \(op) "
            } else {
                out += op
            }
        case "mspace":
            out += " "
        case "annotation", "annotation-xml", "mphantom", "none", "mprescripts":
            return
        case "semantics":
            if let first = kids.first { appendMath(first, &out) }
        case "msup" where kids.count == 2:
            appendMath(kids[0], &out); out += "^" + group(kids[1])
        case "msub" where kids.count == 2:
            appendMath(kids[0], &out); out += "_" + group(kids[1])
        case "msubsup" where kids.count == 3:
            appendMath(kids[0], &out); out += "_" + group(kids[1]) + "^" + group(kids[2])
        case "mfrac" where kids.count == 2:
            out += group(kids[0]) + "/" + group(kids[1])
        case "msqrt":
            out += "\u{221A}(" + kids.map { flat($0) }.joined() + ")"
        case "mroot" where kids.count == 2:
            out += "root(" + flat(kids[0]) + ", " + flat(kids[1]) + ")"
        case "mfenced":
            let open = node.attr("open") ?? "(", close = node.attr("close") ?? ")"
            let sep = node.attr("separators") ?? ","
            out += open + kids.map { flat($0) }.joined(separator: sep.isEmpty ? "" : String(sep.prefix(1)) + " ") + close
        case "mtable":
            out += kids.map { flat($0) }.joined(separator: "; ")
        case "mtr", "mlabeledtr":
            out += kids.map { flat($0) }.joined(separator: " ")
        default:
            for k in kids { appendMath(k, &out) }
        }
    }

    private func flat(_ node: NodePtr) -> String {
        var s = ""
        appendMath(node, &s)
        return s.trimmingASCIIWhitespace()
    }

    /// A sub-expression, parenthesised unless it is a single token.
    private func group(_ node: NodePtr) -> String {
        let s = flat(node)
        return s.count <= 1 || s.allSatisfy({ $0.isLetter || $0.isNumber }) ? s : "(" + s + ")"
    }
}

/// TeX source without a LaTeX document wrapper (`\documentclass ... \begin{document}` as PLOS
/// writes it) and without `$`, `$$`, `\[`, `\]` delimiters; whitespace collapsed.
func cleanTeX(_ raw: String) -> String {
    var s = Substring(raw)
    if let begin = s.range(of: "\\begin{document}") { s = s[begin.upperBound...] }
    if let end = s.range(of: "\\end{document}") { s = s[..<end.lowerBound] }
    var t = s.trimmingCharacters(in: .whitespacesAndNewlines)
    for (open, close) in [("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$")]
        where t.hasPrefix(open) && t.hasSuffix(close) && t.count >= open.count + close.count {
        t = String(t.dropFirst(open.count).dropLast(close.count))
        break
    }
    var buf = TextBuffer()
    buf.append(t)
    return buf.string
}
