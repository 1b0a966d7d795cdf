import Testing
@testable import Graph

@Suite struct AbbreviationFinderTests {
    @Test(arguments: [
        ("Scaffolds of hydroxyapatite (HAp) were sintered.", "HAp", "hydroxyapatite"),
        ("Cells were treated with bone morphogenetic protein 2 (BMP-2) for 3 days.", "BMP-2", "bone morphogenetic protein 2"),
        ("Samples were imaged by scanning electron microscopy (SEM; Zeiss).", "SEM", "scanning electron microscopy"),
        ("The anchor cell induces three of six equivalent vulval precursor cells (VPCs) to adopt fates.", "VPCs", "vulval precursor cells"),
        ("We measured the elastic modulus (E) of the fibres.", nil, nil),
    ] as [(String, String?, String?)])
    func definitions(_ sentence: String, _ short: String?, _ long: String?) {
        let defs = AbbreviationFinder.definitions(in: sentence)
        if let short, let long {
            #expect(defs.contains(AbbreviationDefinition(short: short, long: long)), "got \(defs)")
        } else {
            #expect(defs.isEmpty, "got \(defs)")
        }
    }

    @Test(arguments: ["The results (Fig. 2) show it.", "Mice (n = 5) were used.", "It differed (P < 0.05).",
                      "As reported (Smith et al., 2010).", "See the data (Table S1).",
                      // A genotype label names a mutant of what its letters name: "Fgf23^−/−" would
                      // otherwise make every later "Fgf23" the knockout.
                      "Both Fgf23 knockout (Fgf23^−/−) mice and Klotho knockout (Kl−/−) mice were used.",
                      "Heterozygous Col1a1 mutant (Col1a1+/−) mice were bred.",
                      // a variant of a symbol, not an abbreviation of the phrase
                      "Cells were co-transfected with the Crx expression vector (Crx+) or the empty vector.",
                      "We used the Runx2 reporter construct (Runx2) in all assays."])
    func notDefinitions(_ sentence: String) {
        #expect(AbbreviationFinder.definitions(in: sentence).isEmpty)
    }
}
