import Foundation
import Testing
import JATS
import PreflexorTesting

/// Field-by-field checks on the project's own hand-written fixtures (no ../shared needed).
@Suite struct FixtureArticleTests {
    let article: Article

    init() throws {
        article = try JATSParser().parse(fileAt: Fixtures.url("JATS", "minimal-jats13.xml"))
    }

    @Test func frontMatter() {
        let f = article.front
        #expect(f.title == "Hierarchical toughening of Bombyx mori silk fibroin")
        #expect(f.subtitle == "A test fixture")
        #expect(f.journal == "Journal of Biomaterials Testing")
        #expect(f.publisher == "Test Press")
        #expect(f.publicationDate == PublicationDate(year: 2024, month: 2, day: 7, type: "epub"))
        #expect(f.publicationDate?.iso8601 == "2024-02-07")
        #expect(f.doi == "10.1234/jbt.2024.001")
        #expect(f.pmid == "12345678")
        #expect(f.pmcid == "PMC7654321")
        #expect(f.license == License(url: "http://creativecommons.org/licenses/by/4.0/", type: "open-access",
                                     text: "This is an open access article under the CC BY 4.0 licence."))
        #expect(f.keywords == ["silk", "β-sheet", "fracture toughness"])
        #expect(article.articleType == "research-article")
        #expect(article.language == "en")
        #expect(article.dtdVersion == "1.3")
        #expect(article.doctypePublicID?.contains("v1.3") == true)
    }

    @Test func authorsWithORCIDAndAffiliations() {
        let a = article.front.authors
        #expect(a.map(\.name) == ["Marie S. Curie", "Markus J. Buehler", "The Silk Consortium"])
        #expect(a[0].orcid == "0000-0002-1825-0097")
        #expect(a[0].isCorresponding)
        #expect(a[0].emails == ["m.curie@example.org"])
        #expect(a[0].affiliations == ["Department of Materials, Paris, France",
                                      "Laboratory for Atomistic and Molecular Mechanics, MIT, USA"])
        #expect(a[1].surname == "Buehler" && a[1].givenNames == "Markus J.")
        #expect(a[1].affiliations == ["Laboratory for Atomistic and Molecular Mechanics, MIT, USA"])
        #expect(a[2].isCollaboration && a[2].affiliations.isEmpty)
    }

    @Test func abstracts() {
        let abs = article.front.abstracts
        #expect(abs.count == 3)
        #expect(abs[0].type == nil)
        #expect(abs[0].content.subsections.map(\.title) == ["Background", "Results"])
        #expect(abs[0].text == "Background Silk is tough. Results We measured a modulus of 10 GPa.")
        #expect(abs[1].type == "summary" && abs[1].title == "Author summary")
        #expect(abs[1].text == "Spiders and worms make silk.")
        #expect(abs[2].language == "fr" && abs[2].text == "La soie est tenace.")
    }

    @Test func sectionTreeAndTypes() {
        #expect(article.body.blocks == [.paragraph(Paragraph(text: "A lead paragraph before any section."))])
        let top = article.body.subsections
        #expect(top.map(\.title) == ["Introduction", "Materials & Methods", "Results and Discussion", "Concluding remarks"])
        #expect(top.map(\.type) == [.introduction, .methods, .resultsAndDiscussion, .conclusion])
        #expect(top[0].label == "1.")
        #expect(top[1].subsections.first?.title == "Tensile testing")
        #expect(top[1].subsections.first?.type == .methods, "a subsection inherits its parent's type")
        #expect(article.back.subsections.map(\.type) == [.acknowledgements, .competingInterests])
    }

    @Test func inlineMarkupFlattened() {
        guard case .paragraph(let p) = article.body.subsections[0].blocks.first else {
            Issue.record("first block of Introduction is not a paragraph")
            return
        }
        #expect(p.text == "Silk from B. mori is a protein fibre [1], with β-sheet crystals of 2–5 nm (Fig. 1). Its energy is E = mc^2 per H2O.")
        #expect(p.formulas == [Formula(text: "E = mc^2", notation: .mathML, isDisplay: false)])
    }

    @Test func figureNestedInParagraphBecomesBlock() {
        #expect(article.allFigures == [Figure(id: "f1", label: "Figure 1", title: "Silk hierarchy", caption: "From molecules to fibres.")])
        #expect(article.allFigures.first?.captionText == "Figure 1. Silk hierarchy. From molecules to fibres.")
        #expect(article.body.subsections[0].blocks.count == 2)
    }

    @Test func tablesFormulasListsSupplementary() {
        let t = article.allTables
        #expect(t.count == 1)
        #expect(t.first?.rows == [["Material", "Modulus (GPa)"], ["Silk", "10"], ["Collagen I", "1.2"]])
        #expect(t.first?.headerRowCount == 1)
        #expect(t.first?.footnotes == ["Mean of five fibres."])
        #expect(t.first?.captionText == "Table 1. Mechanical properties.")
        let display = article.allFormulas.filter(\.isDisplay)
        #expect(display == [Formula(id: "e1", label: "(1)", text: "\\sigma = F / A", notation: .tex, isDisplay: true)])
        let methods = article.body.subsections[1].subsections[0].blocks
        #expect(methods.compactMap { if case .paragraph(let p) = $0 { p.text } else { nil } }
                == ["Fibres were pulled at 1 mm min^−1.", "first step", "second step"])
        #expect(article.allSupplementaryMaterials == [SupplementaryMaterial(id: "sm1", label: "S1 Data", caption: "Raw curves.", href: "s1.csv")])
    }

    @Test func references() {
        let r = article.references
        #expect(r.count == 2)
        #expect(r[0].label == "1" && r[0].id == "r1" && r[0].publicationType == "journal")
        #expect(r[0].authors == ["Shao Z", "Vollrath F"])
        #expect(r[0].title == "Surprising strength of silkworm silk")
        #expect(r[0].source == "Nature" && r[0].year == 2002)
        #expect(r[0].doi == "10.1038/418741a" && r[0].pmid == "12181556")
        #expect(r[0].text.contains("Surprising strength of silkworm silk") && r[0].text.contains("Nature 418: 741"))
        #expect(r[1].title == nil && r[1].source == "Structural Biomaterials" && r[1].year == 2012)
        #expect(r[1].text == "Vincent J. Structural Biomaterials. Princeton; 2012.")
    }

    @Test func subArticleKeptApart() {
        #expect(article.subArticles.count == 1)
        let sub = article.subArticles[0]
        #expect(sub.articleType == "decision-letter")
        #expect(sub.front.title == "Decision letter")
        #expect(sub.front.doi == "10.1234/jbt.2024.001.sa1")
        #expect(sub.allParagraphs.map(\.text) == ["The reviewers liked the silk."])
        #expect(!article.allParagraphs.contains { $0.text.contains("reviewers") })
    }

    @Test func codableRoundTrip() throws {
        let data = try JSONEncoder().encode(article)
        #expect(try JSONDecoder().decode(Article.self, from: data) == article)
    }

    @Test func nlm23WithoutDoctypeLatin1AndCALSTable() throws {
        let a = try JATSParser().parse(fileAt: Fixtures.url("JATS", "nlm23-cals-nodoctype.nxml"))
        #expect(a.title == "Enamel prisms in résumé: an NLM 2.3 article")
        #expect(a.doctypePublicID == nil)
        #expect(a.front.journal == "Bone Research Letters")
        #expect(a.front.pmcid == "PMC42")
        #expect(a.front.publicationDate == PublicationDate(year: 2005, month: 2, type: "epub"))
        #expect(a.front.authors.first?.affiliations == ["Institute of Dentistry, Zürich, Switzerland"])
        #expect(a.front.abstracts.first?.text == "Enamel is hard, café is hot.")
        #expect(a.body.subsections.map(\.type) == [.methods, .results])
        #expect(a.allTables.first?.rows == [["Tissue", "Hardness (GPa)"], ["Enamel", "3.5"], ["Dentin", "0.6"]])
        #expect(a.allTables.first?.headerRowCount == 1)
        #expect(a.references.first?.title == "Oral histology" && a.references.first?.year == 1998)
    }
}
