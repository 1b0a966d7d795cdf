import Foundation

/// A unit expression read from text and converted to SI: value_SI = value * factor + offset.
struct ParsedUnit: Sendable, Hashable {
    /// SI rendering ("Pa", "J/m^3", "Pa·m^0.5", "kg/m^3", "K", "%").
    var si: String
    var factor: Double
    var offset: Double
    /// Scalar offset just past the unit.
    var end: Int
}

/// Reads units such as "GPa", "MPa·m1/2", "MPa m^1/2", "MPa√m", "J/m3", "MJ m−3", "g cm⁻³",
/// "mg/mL", "°C", "nm", "µm", "wt%" right after a number and converts them to SI.
enum UnitParser {
    /// Base symbols: SI base map (symbol -> exponent), factor, offset.
    struct Base { var si: [String: Double]; var factor: Double; var offset: Double = 0 }

    static let bases: [String: Base] = [
        "Pa": Base(si: ["Pa": 1], factor: 1), "N": Base(si: ["N": 1], factor: 1), "J": Base(si: ["J": 1], factor: 1),
        "W": Base(si: ["W": 1], factor: 1), "V": Base(si: ["V": 1], factor: 1), "m": Base(si: ["m": 1], factor: 1),
        "g": Base(si: ["kg": 1], factor: 1e-3), "s": Base(si: ["s": 1], factor: 1),
        "min": Base(si: ["s": 1], factor: 60), "h": Base(si: ["s": 1], factor: 3600),
        "K": Base(si: ["K": 1], factor: 1), "L": Base(si: ["m": 3], factor: 1e-3),
        "mol": Base(si: ["mol": 1], factor: 1), "M": Base(si: ["mol": 1, "m": -3], factor: 1e3),
        "Hz": Base(si: ["Hz": 1], factor: 1), "Da": Base(si: ["kg": 1, "mol": -1], factor: 1e-3),
        "eV": Base(si: ["J": 1], factor: 1.602176634e-19), "bar": Base(si: ["Pa": 1], factor: 1e5),
        "atm": Base(si: ["Pa": 1], factor: 101_325), "psi": Base(si: ["Pa": 1], factor: 6894.757),
        "Å": Base(si: ["m": 1], factor: 1e-10),
        "cal": Base(si: ["J": 1], factor: 4.184),
    ]
    /// Bases that take no SI prefix.
    static let unprefixed: Set<String> = ["min", "h", "Å", "bar", "atm", "psi", "mol"]
    static let prefixes: [Unicode.Scalar: Double] = [
        "T": 1e12, "G": 1e9, "M": 1e6, "k": 1e3, "d": 1e-1, "c": 1e-2, "m": 1e-3, "µ": 1e-6, "\u{03BC}": 1e-6,
        "u": 1e-6, "n": 1e-9, "p": 1e-12, "f": 1e-15,
    ]
    /// Stand-alone symbols with their own handling.
    static let percentForms = ["wt.%", "wt %", "wt%", "vol.%", "vol %", "vol%", "at.%", "at%", "w/v%", "v/v%", "%"]

    static let superscripts: [Unicode.Scalar: Character] = [
        "\u{2070}": "0", "\u{00B9}": "1", "\u{00B2}": "2", "\u{00B3}": "3", "\u{2074}": "4", "\u{2075}": "5",
        "\u{2076}": "6", "\u{2077}": "7", "\u{2078}": "8", "\u{2079}": "9", "\u{207B}": "-",
    ]

    static func isMinus(_ c: Unicode.Scalar) -> Bool { c == "-" || c == "\u{2212}" || c == "\u{2013}" }

    /// Parses a unit at `start` (one optional space allowed before it); nil when none.
    static func parse(_ s: [Unicode.Scalar], at start: Int, limit: Int) -> ParsedUnit? {
        var p = start
        if p < limit, s[p] == " " || s[p] == "\u{00A0}" || s[p] == "\u{2009}" || s[p] == "\u{202F}" { p += 1 }
        guard p < limit else { return nil }
        // Percent forms.
        for form in percentForms {
            let f = Array(form.unicodeScalars)
            if p + f.count <= limit, Array(s[p..<p + f.count]) == f {
                return ParsedUnit(si: "%", factor: 1, offset: 0, end: p + f.count)
            }
        }
        // Degrees Celsius.
        for form in ["°C", "\u{2103}", "º C", "°C", "° C"] {
            let f = Array(form.unicodeScalars)
            if p + f.count <= limit, Array(s[p..<p + f.count]) == f, boundary(s, p + f.count, limit) {
                return ParsedUnit(si: "K", factor: 1, offset: 273.15, end: p + f.count)
            }
        }
        var exps: [String: Double] = [:]
        var factor = 1.0
        var q = p
        var first = true
        var invertNext = false
        while q < limit {
            var r = q
            var invert = invertNext
            invertNext = false
            if !first {
                // Separator between factors.
                guard r < limit else { break }
                let c = s[r]
                if c == "/" { invert = true; r += 1 }
                else if c == "·" || c == "⋅" || c == "*" || c == "." || c == "\u{2219}" { r += 1 }
                else if c == " " || c == "√" { if c == " " { r += 1 } }
                else { break }
            }
            var sqrt = false
            if r < limit, s[r] == "√" { sqrt = true; r += 1 }
            guard let (base, pf, afterSymbol) = symbol(s, at: r, limit: limit) else { break }
            var e = 1.0
            var r2 = afterSymbol
            if let (exp, afterExp) = exponent(s, at: r2, limit: limit) { e = exp; r2 = afterExp }
            if sqrt { e *= 0.5 }
            // A space-separated factor must carry an exponent ("MPa m1/2", "mg mL−1"): "10 mm in" is not.
            if !first, s[q] == " ", e == 1 { break }
            guard boundary(s, r2, limit) || (r2 < limit && "/·⋅* .".unicodeScalars.contains(s[r2])) else { break }
            if invert { e = -e }
            let b = bases[base]!
            factor *= pow10(pf * b.factor, e)
            for (k, v) in b.si { exps[k, default: 0] += v * e }
            q = r2
            first = false
        }
        if first { return nil }
        // A bare base of offset type handled above; Kelvin etc. have no offset.
        return ParsedUnit(si: render(exps), factor: factor, offset: 0, end: q)
    }

    static func pow10(_ x: Double, _ e: Double) -> Double { e == 1 ? x : Double.pow(x, e) }

    static func boundary(_ s: [Unicode.Scalar], _ i: Int, _ limit: Int) -> Bool {
        if i >= limit { return true }
        if s[i].properties.isAlphabetic || s[i].properties.numericType != nil { return false }
        // "10 N-terminal": a hyphen joining a word means the letters were not a unit.
        if s[i] == "-", i + 1 < limit, s[i + 1].properties.isAlphabetic { return false }
        return true
    }

    /// The longest base symbol, optionally prefixed, at `i`: (base, prefix factor, end).
    static func symbol(_ s: [Unicode.Scalar], at i: Int, limit: Int) -> (String, Double, Int)? {
        var best: (String, Double, Int)?
        for (name, _) in bases {
            let n = Array(name.unicodeScalars)
            if i + n.count <= limit, Array(s[i..<i + n.count]) == n, endsSymbol(s, i + n.count, limit) {
                if best == nil || n.count > best!.2 - i { best = (name, 1, i + n.count) }
            }
            if !unprefixed.contains(name), i + 1 + n.count <= limit, let pf = prefixes[s[i]],
               Array(s[i + 1..<i + 1 + n.count]) == n, endsSymbol(s, i + 1 + n.count, limit) {
                if best == nil || n.count + 1 > best!.2 - i { best = (name, pf, i + 1 + n.count) }
            }
        }
        return best
    }

    /// A symbol ends where a letter does not follow (digits and superscripts are exponents).
    static func endsSymbol(_ s: [Unicode.Scalar], _ i: Int, _ limit: Int) -> Bool {
        i >= limit || !s[i].properties.isAlphabetic
    }

    /// Exponent forms: "3", "-3", "−3", "^3", "^-3", "³", "⁻³", "1/2", "^1/2", "0.5", "^0.5", "½".
    static func exponent(_ s: [Unicode.Scalar], at i: Int, limit: Int) -> (Double, Int)? {
        var j = i
        if j < limit, s[j] == "½" { return (0.5, j + 1) }
        if j < limit, superscripts[s[j]] != nil {
            var text = ""
            while j < limit, let c = superscripts[s[j]] { text.append(c); j += 1 }
            return Double(text).map { ($0, j) }
        }
        if j < limit, s[j] == "^" { j += 1 }
        var text = ""
        if j < limit, isMinus(s[j]), j + 1 < limit, Tokenizer.isASCIIDigit(s[j + 1]) { text = "-"; j += 1 }
        let digitsStart = j
        while j < limit, Tokenizer.isASCIIDigit(s[j]) { text.unicodeScalars.append(s[j]); j += 1 }
        guard j > digitsStart else { return nil }
        if j + 1 < limit, s[j] == "/", Tokenizer.isASCIIDigit(s[j + 1]) {
            let num = Double(text) ?? 1
            let den = Double(String(s[j + 1])) ?? 1
            return (num / den, j + 2)
        }
        if j + 1 < limit, s[j] == ".", Tokenizer.isASCIIDigit(s[j + 1]) {
            text.append("."); j += 1
            while j < limit, Tokenizer.isASCIIDigit(s[j]) { text.unicodeScalars.append(s[j]); j += 1 }
        }
        // An exponent must not run into letters ("m2s" is fine, "m3D" is not a unit).
        guard let v = Double(text), v != 0, abs(v) <= 4 else { return nil }
        return (v, j)
    }

    /// "Pa·m^0.5", "J/m^3", "kg/m^3": numerator then denominator, in a fixed symbol order.
    static func render(_ exps: [String: Double]) -> String {
        let order = ["Pa", "N", "J", "W", "V", "kg", "mol", "Hz", "m", "s", "K"]
        func fmt(_ e: Double) -> String {
            e == e.rounded() ? String(Int(e)) : String(e)
        }
        var num: [String] = [], den: [String] = []
        for sym in order {
            guard let e = exps[sym], abs(e) > 1e-12 else { continue }
            if e > 0 { num.append(e == 1 ? sym : "\(sym)^\(fmt(e))") } else { den.append(e == -1 ? sym : "\(sym)^\(fmt(-e))") }
        }
        let n = num.isEmpty ? "1" : num.joined(separator: "·")
        return den.isEmpty ? n : n + "/" + den.joined(separator: "·")
    }
}

extension Double {
    static func pow(_ x: Double, _ e: Double) -> Double { Foundation.pow(x, e) }
}
