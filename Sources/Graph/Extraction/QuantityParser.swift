import Foundation

/// A quantity found in a sentence, with its scalar span.
struct FoundQuantity: Sendable, Hashable {
    var quantity: Quantity
    var range: Range<Int>
}

/// Finds numbers with units in text: "10-20 GPa", "3–9 MPa·m1/2", "1.5 ± 0.2 GPa",
/// "~80 GPa", "between 2 and 5 nm", "up to 1.2 GPa", "2.5 × 10³ kg/m3", "37 °C".
/// Values are converted to SI (`UnitParser`); a number without a unit is not a quantity.
enum QuantityParser {
    static let atMost = ["up to", "less than", "lower than", "smaller than", "below", "under", "at most", "<", "≤", "<="]
    static let atLeast = ["more than", "greater than", "higher than", "larger than", "above", "over", "at least",
                          "exceeding", ">", "≥", ">="]
    static let approx = ["approximately", "about", "around", "roughly", "nearly", "almost", "ca.", "circa", "~", "≈",
                         "∼", "≃"]

    /// All quantities in `s[range]`, in text order.
    static func quantities(_ s: [Unicode.Scalar], in range: Range<Int>) -> [FoundQuantity] {
        var out: [FoundQuantity] = []
        var i = range.lowerBound
        let limit = range.upperBound
        while i < limit {
            guard Tokenizer.isASCIIDigit(s[i]), i == range.lowerBound || !isWordOrDot(s[i - 1]) else { i += 1; continue }
            if let q = parse(s, at: i, range: range) {
                out.append(q)
                i = q.range.upperBound
            } else {
                while i < limit, Tokenizer.isASCIIDigit(s[i]) || s[i] == "." || s[i] == "," { i += 1 }
            }
        }
        return out
    }

    static func isWordOrDot(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || c.properties.numericType != nil || c == "." || c == "^"
    }

    /// A number: digits, optional decimals, thousands commas, scientific "× 10^n" / "e-n".
    static func number(_ s: [Unicode.Scalar], at start: Int, limit: Int) -> (Double, Int)? {
        var j = start
        var text = ""
        if j < limit, UnitParser.isMinus(s[j]) || s[j] == "\u{2212}" { text = "-"; j += 1 }
        let digitsStart = j
        while j < limit {
            if Tokenizer.isASCIIDigit(s[j]) { text.unicodeScalars.append(s[j]); j += 1 }
            else if s[j] == ",", Tokenizer.isThousandsGroup(s, after: j, end: limit), text.count <= 3 { j += 1 }
            else if s[j] == ".", j + 1 < limit, Tokenizer.isASCIIDigit(s[j + 1]), !text.contains(".") { text.append("."); j += 1 }
            else { break }
        }
        guard j > digitsStart, var value = Double(text) else { return nil }
        // Scientific notation: "× 10^3", "x10-3", "×10³", "·10⁹", "e-3", "E+04".
        var k = j
        while k < limit, s[k] == " " { k += 1 }
        if k < limit, "×x·⋅*".unicodeScalars.contains(s[k]) {
            var m = k + 1
            while m < limit, s[m] == " " { m += 1 }
            if m + 1 < limit, s[m] == "1", s[m + 1] == "0" {
                var n = m + 2
                var exp = ""
                if n < limit, s[n] == "^" { n += 1 }
                if n < limit, UnitParser.superscripts[s[n]] != nil {
                    while n < limit, let c = UnitParser.superscripts[s[n]] { exp.append(c); n += 1 }
                } else {
                    if n < limit, UnitParser.isMinus(s[n]) || s[n] == "+" { if s[n] != "+" { exp = "-" }; n += 1 }
                    while n < limit, Tokenizer.isASCIIDigit(s[n]) { exp.unicodeScalars.append(s[n]); n += 1 }
                }
                if let e = Double(exp) { value *= Foundation.pow(10, e); j = n }
            }
        } else if j + 1 < limit, s[j] == "e" || s[j] == "E" {
            var n = j + 1
            var exp = ""
            if n < limit, s[n] == "-" || s[n] == "+" || s[n] == "\u{2212}" { if s[n] != "+" { exp = "-" }; n += 1 }
            let eStart = n
            while n < limit, Tokenizer.isASCIIDigit(s[n]) { exp.unicodeScalars.append(s[n]); n += 1 }
            if n > eStart, UnitParser.boundary(s, n, limit) || s[n] == " ", let e = Double(exp) {
                value *= Foundation.pow(10, e); j = n
            }
        }
        return (value, j)
    }

    /// Skips spaces; returns the index of the first non-space.
    static func skipSpaces(_ s: [Unicode.Scalar], _ i: Int, _ limit: Int) -> Int {
        var j = i
        while j < limit, s[j] == " " || s[j] == "\u{00A0}" || s[j] == "\u{2009}" || s[j] == "\u{202F}" { j += 1 }
        return j
    }

    /// Matches a word (case-insensitive) at `i`; returns the end.
    static func word(_ w: String, _ s: [Unicode.Scalar], _ i: Int, _ limit: Int) -> Int? {
        let ws = Array(w.unicodeScalars)
        guard i + ws.count <= limit else { return nil }
        for (k, c) in ws.enumerated() where Character(s[i + k]).lowercased() != Character(c).lowercased() { return nil }
        return i + ws.count
    }

    /// The qualifier right before `start` ("up to ", "~", "between "), with its start offset.
    static func qualifier(_ s: [Unicode.Scalar], before start: Int, lower: Int) -> (Quantity.Bound?, Bool, Int) {
        var b = start
        while b > lower, s[b - 1] == " " { b -= 1 }
        let prefix = s.text(max(lower, b - 16)..<b).lowercased()
        if prefix.hasSuffix("between") { return (.range, true, b - 7) }
        for (list, bound) in [(atMost, Quantity.Bound.atMost), (atLeast, .atLeast), (approx, .approximate)] {
            for q in list where prefix.hasSuffix(q) {
                let qs = q.unicodeScalars.count
                let before = b - qs - 1
                if q.unicodeScalars.first!.properties.isAlphabetic, before >= lower, s[before].properties.isAlphabetic { continue }
                return (bound, false, b - qs)
            }
        }
        return (nil, false, start)
    }

    static func parse(_ s: [Unicode.Scalar], at start: Int, range: Range<Int>) -> FoundQuantity? {
        let limit = range.upperBound
        let (qualBound, between, qualStart) = qualifier(s, before: start, lower: range.lowerBound)
        guard let (v1, e1) = number(s, at: start, limit: limit) else { return nil }
        var bound: Quantity.Bound = qualBound == .range ? .exact : (qualBound ?? .exact)
        var low = v1, high = v1, central: Double? = v1
        var end = e1
        var unit = UnitParser.parse(s, at: e1, limit: limit)
        var afterFirst = unit?.end ?? e1
        // Second number: "10-20", "10 to 20", "10 and 20" (after "between"), "10 ± 2".
        let k = skipSpaces(s, afterFirst, limit)
        var sepEnd: Int?
        var plusMinus = false
        if k < limit, s[k] == "±" { sepEnd = k + 1; plusMinus = true }
        else if k + 2 < limit, s[k] == "+", s[k + 1] == "/", UnitParser.isMinus(s[k + 2]) { sepEnd = k + 3; plusMinus = true }
        else if k < limit, s[k] == "-" || s[k] == "\u{2013}" || s[k] == "\u{2014}" || s[k] == "\u{2212}" { sepEnd = k + 1 }
        else if between, let e = word("and", s, k, limit) { sepEnd = e }
        else if let e = word("to", s, k, limit), e < limit, s[e] == " " { sepEnd = e }
        if let sepEnd {
            let n2 = skipSpaces(s, sepEnd, limit)
            if n2 < limit, Tokenizer.isASCIIDigit(s[n2]), let (v2, e2) = number(s, at: n2, limit: limit) {
                let unit2 = UnitParser.parse(s, at: e2, limit: limit)
                if unit == nil || unit2 == nil || unit2?.si == unit?.si {
                    if unit == nil { unit = unit2 }
                    if plusMinus {
                        // The bounds are converted with the offset; the spread itself never is.
                        low = v1 - v2; high = v1 + v2; bound = .plusMinus
                    } else if v2 >= v1 {
                        low = v1; high = v2; central = nil; bound = .range
                    } else {
                        return nil   // "10-2" is more likely a citation or an exponent than a range
                    }
                    afterFirst = unit2?.end ?? e2
                    end = afterFirst
                } else { end = unit?.end ?? e1 }
            } else { end = unit?.end ?? e1 }
        } else {
            end = unit?.end ?? e1
        }
        guard let u = unit else { return nil }
        func si(_ x: Double) -> Double { x * u.factor + u.offset }
        var q = Quantity(low: si(low), high: si(high), central: central.map(si), bound: bound, unit: u.si, text: "")
        switch bound {
        case .atMost: q.low = nil
        case .atLeast: q.high = nil
        default: break
        }
        let from = qualBound != nil ? qualStart : start
        let text = s.text(from..<end)
        q.text = text
        return FoundQuantity(quantity: q, range: from..<end)
    }
}
