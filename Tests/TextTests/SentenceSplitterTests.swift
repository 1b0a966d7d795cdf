import Testing
import Text

/// Sentence splitting on scientific prose, with Unicode-scalar offsets.
@Suite struct SentenceSplitterTests {
    func texts(_ s: String) -> [String] { SentenceSplitter.split(s).map(\.text) }

    @Test func abbreviationsDoNotSplit() {
        let s = "Fig. 1 shows the fibre. The modulus was 3.5 GPa (see Fig. 2B and Eq. 3). Values are approx. 10 times higher, e.g. in bone, i.e. at 37 °C, cf. Ref. 4 vs. ref. 5."
        #expect(texts(s) == [
            "Fig. 1 shows the fibre.",
            "The modulus was 3.5 GPa (see Fig. 2B and Eq. 3).",
            "Values are approx. 10 times higher, e.g. in bone, i.e. at 37 °C, cf. Ref. 4 vs. ref. 5.",
        ])
    }

    @Test func speciesInitialsAndEtAl() {
        let s = "E. coli and S. aureus were grown as described by J. R. Smith et al. (2004) and Jones et al. [12]. We then followed Smith et al. The cells grew."
        #expect(texts(s) == [
            "E. coli and S. aureus were grown as described by J. R. Smith et al. (2004) and Jones et al. [12].",
            "We then followed Smith et al.",
            "The cells grew.",
        ])
    }

    @Test func citationsUnitsAndDecimals() {
        let s = "Silk is tough [3,4]. Bone is stiff.[5–7] Samples were cut to 5 mm. The pH was 7.4 in all runs. mRNA levels rose 2.5-fold."
        #expect(texts(s) == [
            "Silk is tough [3,4].",
            "Bone is stiff.[5–7]",
            "Samples were cut to 5 mm.",
            "The pH was 7.4 in all runs.",
            "mRNA levels rose 2.5-fold.",
        ])
    }

    @Test func questionsExclamationsQuotesAndBlankLines() {
        let s = "Why is nacre tough? It deflects cracks! \u{201C}Tablets slide.\u{201D} Then\n\nnew paragraph without a period\nstill the same"
        #expect(texts(s) == ["Why is nacre tough?", "It deflects cracks!", "\u{201C}Tablets slide.\u{201D}", "Then",
                             "new paragraph without a period\nstill the same"])
    }

    @Test func lowercaseContinuationIsNotABoundary() {
        #expect(texts("The sample was heated to 90 °C. and then cooled.") == ["The sample was heated to 90 °C. and then cooled."])
        #expect(texts("It was measured in the U.S. and in Europe. The U.S. The end.").count == 3)
    }

    @Test func offsetsAreUnicodeScalarsIntoTheInput() {
        // Non-BMP scalars (𝛼 U+1D6FC, 🧬 U+1F9EC) are 2 UTF-16 units but 1 scalar each.
        let s = "  𝛼-Keratin 🧬 is helical.  Silk is not.\u{00A0}Done. "
        let sentences = SentenceSplitter.split(s)
        #expect(sentences.map(\.text) == ["𝛼-Keratin 🧬 is helical.", "Silk is not.", "Done."])
        #expect(sentences.map(\.range) == [2..<25, 27..<39, 40..<45])
        for sentence in sentences { #expect(s.scalarSlice(sentence.range) == sentence.text) }
    }

    @Test func emptyAndUnterminatedInput() {
        #expect(SentenceSplitter.split("").isEmpty)
        #expect(SentenceSplitter.split(" \n\t ").isEmpty)
        #expect(texts("no terminator at all") == ["no terminator at all"])
        #expect(texts("Ends with dots...") == ["Ends with dots..."])
    }

    @Test func extraAbbreviations() {
        let splitter = SentenceSplitter(extraAbbreviations: ["approx", "sonic"])
        #expect(splitter.split("Run Sonic. Then stop.").map(\.text) == ["Run Sonic. Then stop."])
    }
}
