import Testing
@testable import Graph

/// Quantities in SI: low, high, unit, bound.
@Suite struct QuantityParserTests {
    static func parse(_ text: String) -> Quantity? {
        let s = Array(text.unicodeScalars)
        return QuantityParser.quantities(s, in: 0..<s.count).first?.quantity
    }

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= 1e-9 * max(1, abs(b))
    }

    @Test(arguments: [
        ("a modulus of 10-20 GPa", 10e9, 20e9, "Pa", Quantity.Bound.range),
        ("10–20 GPa", 10e9, 20e9, "Pa", .range),
        ("3–9 MPa·m1/2", 3e6, 9e6, "Pa·m^0.5", .range),
        ("3-9 MPa m^1/2", 3e6, 9e6, "Pa·m^0.5", .range),
        ("5 MPa√m", 5e6, 5e6, "Pa·m^0.5", .exact),
        ("80 ± 5 GPa", 75e9, 85e9, "Pa", .plusMinus),
        ("1.2 +/- 0.1 MPa", 1.1e6, 1.3e6, "Pa", .plusMinus),
        ("160 MJ/m3", 160e6, 160e6, "J/m^3", .exact),
        ("160 MJ m−3", 160e6, 160e6, "J/m^3", .exact),
        ("2.7 g/cm3", 2700, 2700, "kg/m^3", .exact),
        ("1.3 g cm⁻³", 1300, 1300, "kg/m^3", .exact),
        ("50 nm", 50e-9, 50e-9, "m", .exact),
        ("3 µm", 3e-6, 3e-6, "m", .exact),
        ("3 μm", 3e-6, 3e-6, "m", .exact),
        ("37 °C", 310.15, 310.15, "K", .exact),
        ("between 2 and 5 nm", 2e-9, 5e-9, "m", .range),
        ("1.5 × 10^3 kg/m3", 1500, 1500, "kg/m^3", .exact),
        ("2 × 10³ Pa", 2000, 2000, "Pa", .exact),
        ("12 kJ/m2", 12e3, 12e3, "J/m^2", .exact),
        ("1,200 MPa", 1.2e9, 1.2e9, "Pa", .exact),
        ("10 mg/mL", 10, 10, "kg/m^3", .exact),
        ("30 wt%", 30, 30, "%", .exact),
        ("10 GPa to 20 GPa", 10e9, 20e9, "Pa", .range),
        ("~80 GPa", 80e9, 80e9, "Pa", .approximate),
        ("approximately 4 nm", 4e-9, 4e-9, "m", .approximate),
        ("150 kDa", 150, 150, "kg/mol", .exact),
        ("2 h", 7200, 7200, "s", .exact),
    ] as [(String, Double, Double, String, Quantity.Bound)])
    func quantities(_ text: String, _ low: Double, _ high: Double, _ unit: String, _ bound: Quantity.Bound) throws {
        let q = try #require(Self.parse(text), "no quantity in '\(text)'")
        #expect(q.unit == unit, "\(text)")
        #expect(q.bound == bound, "\(text)")
        #expect(Self.close(q.low, low), "\(text): low \(String(describing: q.low)), expected \(low)")
        #expect(Self.close(q.high, high), "\(text): high \(String(describing: q.high)), expected \(high)")
    }

    @Test func openBounds() throws {
        let up = try #require(Self.parse("up to 1.2 GPa"))
        #expect(up.bound == .atMost && up.low == nil && Self.close(up.high, 1.2e9))
        let more = try #require(Self.parse("more than 5 MPa"))
        #expect(more.bound == .atLeast && more.high == nil && Self.close(more.low, 5e6))
        #expect(up.text == "up to 1.2 GPa")
    }

    @Test(arguments: ["in 2010 we", "Fig. 3 shows", "5 mice were", "n = 12 samples", "[10-12]", "10 N-terminal residues",
                      "P < 0.05", "residues 10-2", "3 months"])
    func notQuantities(_ text: String) {
        #expect(Self.parse(text) == nil, "'\(text)' gave \(String(describing: Self.parse(text)))")
    }
}
