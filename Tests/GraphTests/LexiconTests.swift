import Testing
@testable import Graph

@Suite struct LexiconTests {
    @Test func parsesTermsTypesAndSynonyms() throws {
        let lex = try Lexicon(tsv: "term\ttype\tsynonyms\nhydroxyapatite\tmineral\tHAp|hydroxylapatite\n\n# comment\nspider silk\tmaterial\t\n")
        #expect(lex.count == 2)
        #expect(lex.entry(forName: "Hydroxylapatite")?.term == "hydroxyapatite")
        #expect(lex.entry(forName: "HAp")?.type == .mineral)
        #expect(lex.entry(forName: "hap") == nil, "acronyms match case-sensitively")
        #expect(lex.entry(forName: "Spider silks")?.term == "spider silk")
    }

    @Test func malformedLineNamesTheLine() {
        #expect {
            _ = try Lexicon(tsv: "term\ttype\tsynonyms\nsilk\tmaterial\t\nbroken line\n")
        } throws: { error in
            guard let e = error as? GraphError else { return false }
            return e.code == .lexiconMalformed && e.message.contains(":3:")
        }
    }

    @Test func unknownTypeIsRefusedWithTheKnownTypes() {
        #expect {
            _ = try Lexicon(tsv: "term\ttype\tsynonyms\nsilk\tfabric\t\n")
        } throws: { error in
            guard let e = error as? GraphError else { return false }
            return e.code == .lexiconMalformed && e.message.contains("fabric") && e.message.contains("cell_tissue")
        }
    }

    @Test func firstEntryKeepsASharedName() throws {
        let lex = try Lexicon(tsv: "term\ttype\tsynonyms\nfiber\tstructure\tfibre\nfibre\tmaterial\t\n")
        #expect(lex.entry(forName: "fibres")?.type == .structure)
    }

    @Test func shippedLexiconLoads() throws {
        let lex = try Lexicon.load()
        #expect(lex.count > 500)
        let types = Set(lex.entries.map(\.type))
        #expect(types.count == 10, "every lexicon type has terms: \(types)")
        #expect(lex.entry(forName: "hydroxyapatite")?.type == .mineral)
    }

    @Test func shortNamesAreCaseSensitive() {
        #expect(Lexicon.isAcronym("Ca"))
        #expect(Lexicon.isAcronym("BMP-2"))
        #expect(Lexicon.isAcronym("HAp"))
        #expect(!Lexicon.isAcronym("collagen"))
        #expect(!Lexicon.isAcronym("Runx2x"))
    }
}
