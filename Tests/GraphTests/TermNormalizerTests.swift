import Testing
@testable import Graph

@Suite struct TermNormalizerTests {
    @Test(arguments: [
        ("β-Sheets", "beta sheet"), ("beta sheet", "beta sheet"), ("α-helix", "alpha helix"), ("Alpha helices", "alpha helix"),
        ("Young's moduli", "young modulus"), ("Young’s modulus", "young modulus"), ("fibres", "fiber"),
        ("Collagen Fibrils", "collagen fibril"), ("mineralisation", "mineralization"), ("biomineralised", "biomineralized"),
        ("haemoglobin", "hemoglobin"), ("Oestrogen", "estrogen"), ("tumours", "tumor"), ("mechanical properties", "mechanical property"),
        ("analyses", "analysis"), ("species", "species"), ("glass", "glass"), ("stress", "stress"), ("lamellae", "lamella"),
        ("mice", "mouse"), ("MSCs", "msc"), ("cross-linking", "cross linking"), ("self assembly", "self assembly"),
        ("μCT", "muct"), ("colour", "color"), ("analysed", "analyzed"), ("exercise", "exercise"), ("bones", "bone"),
        ("fibrous", "fibrous"), ("apoptosis", "apoptosis"), ("boxes", "box"), ("osteoblasts", "osteoblast"),
    ])
    func keys(_ name: String, _ key: String) {
        #expect(TermNormalizer.key(name) == key)
    }

    @Test func variantsMeet() {
        #expect(TermNormalizer.key("Mother-of-pearl") == TermNormalizer.key("mother of pearl"))
        #expect(TermNormalizer.key("β-sheet") == TermNormalizer.key("Beta-Sheets"))
        #expect(TermNormalizer.key("haematopoietic stem cells") == TermNormalizer.key("hematopoietic stem cell"))
    }

    /// Symbols with primes keep them: the storage modulus G′ is not the loss modulus G″.
    @Test func primedSymbols() {
        #expect(TermNormalizer.key("G′") == "gprime" && TermNormalizer.key("G'") == "gprime")
        #expect(TermNormalizer.key("G″") == "gdprime" && TermNormalizer.key("G''") == "gdprime")
        #expect(TermNormalizer.key("G") == "g")
        #expect(TermNormalizer.key("Young's modulus") == "young modulus", "an apostrophe inside a word is no prime")
    }
}
