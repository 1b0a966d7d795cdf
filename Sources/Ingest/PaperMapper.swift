import ArticleText
import Crypto
import Foundation
import JATS
import Store
import Text

/// Turns a parsed article into the chunks and the `PaperRecord` that Store writes.
///
/// Sections: the article's own tree (abstracts, body, back matter, floats and sub-articles)
/// becomes the `sections` rows, with the same path names as `Article.textBlocks()`, so each
/// chunk finds its section by path. Sub-articles (decision letters, translations) are kept
/// apart under a section of kind `sub-article`.
public struct PaperMapper: Sendable {
    public let chunker: Chunker

    public init(chunker: Chunker) {
        self.chunker = chunker
    }

    /// The chunker input: the main article's blocks, then each sub-article's under its own path
    /// (`ArticleText.textBlocks(of:)`, shared with the core benchmarks).
    public static func textBlocks(of article: Article) -> [TextBlock] { ArticleText.textBlocks(of: article) }

    static func subArticleName(_ sub: Article, index: Int) -> String { ArticleText.subArticleName(sub, index: index) }

    /// The stable identity of a paper: DOI, else PMCID, else PMID, else the content hash.
    public static func paperKey(_ article: Article, sha256: String) -> String {
        if let doi = article.front.doi?.trimmingCharacters(in: .whitespaces), !doi.isEmpty { return "doi:" + doi.lowercased() }
        if let pmcid = article.front.pmcid, !pmcid.isEmpty { return "pmcid:" + pmcid.uppercased() }
        if let pmid = article.front.pmid, !pmid.isEmpty { return "pmid:" + pmid }
        return "sha256:" + sha256
    }

    /// Chunks and the record for one article read from `path` with the given bytes.
    public func map(_ article: Article, path: String, sha256: String, byteSize: Int) throws -> (PaperRecord, [Chunk]) {
        guard let title = article.front.title?.trimmingCharacters(in: .whitespacesAndNewlines), !title.isEmpty else {
            throw IngestError(.invalidArticle, "the article has no title (front/article-meta/title-group/article-title)", path: path)
        }
        let f = article.front
        let key = Self.paperKey(article, sha256: sha256)
        var r = PaperRecord(key: key, title: title, contentSHA256: sha256, byteSize: byteSize)
        r.doi = f.doi
        r.pmcid = f.pmcid.map { $0.uppercased().hasPrefix("PMC") ? $0.uppercased() : "PMC" + $0 }
        r.pmid = f.pmid
        r.subtitle = f.subtitle
        r.journal = f.journal
        r.publisher = f.publisher
        if let d = f.publicationDate {
            r.pubYear = d.year
            if let m = d.month, let day = d.day { r.pubDate = String(format: "%04d-%02d-%02d", d.year, m, day) }
        }
        r.articleType = article.articleType
        r.language = article.language
        r.licenseURL = f.license?.url
        r.licenseText = f.license?.text
        r.abstract = (f.abstracts.first { $0.type == nil && $0.language == nil } ?? f.abstracts.first)?.text
        r.sourcePath = path
        r.jatsVersion = article.dtdVersion ?? article.doctypePublicID
        mapPeople(f, into: &r)
        r.keywords = f.keywords.map { .init(keyword: $0, kind: nil) }
        r.sections = SectionRows.build(article)
        r.figures = figures(article)
        r.citations = article.references.enumerated().map { i, ref in
            .init(ordinal: i, refID: ref.id, label: ref.label, title: ref.title, source: ref.source,
                  year: ref.year, doi: ref.doi, pmid: ref.pmid)
        }
        let chunks = chunker.chunk(blocks: Self.textBlocks(of: article))
        var byPath = Dictionary(r.sections.map { ($0.path, $0.ordinal) }, uniquingKeysWith: { a, _ in a })
        for chunk in chunks where !chunk.sectionPath.isEmpty && byPath[chunk.sectionPath] == nil {
            SectionRows.ensure(path: chunk.sectionPath, type: chunk.sectionType, rows: &r.sections, index: &byPath)
        }
        // Two sections may share a title path (two untitled boxes, a repeated "Results"): the
        // k-th section with a path (k > 0) adds k to its chunks' keys so keys stay unique.
        var occurrence: [Int: Int] = [:]
        var seenPaths: [[String]: Int] = [:]
        for c in chunks where occurrence[c.sectionIndex] == nil {
            occurrence[c.sectionIndex] = seenPaths[c.sectionPath, default: 0]
            seenPaths[c.sectionPath, default: 0] += 1
        }
        r.chunks = chunks.map { c in
            .init(key: Self.chunkKey(paper: key, path: c.sectionPath, occurrence: occurrence[c.sectionIndex] ?? 0, ordinal: c.ordinalInSection),
                  sectionOrdinal: byPath[c.sectionPath], ordinal: c.ordinal, kind: c.kind.rawValue, text: c.text,
                  charStart: c.range.lowerBound, charEnd: c.range.upperBound, tokenCount: c.tokenCount)
        }
        return (r, chunks)
    }

    /// `<paper key>#<hash of section path, occurrence of that path and ordinal in section>`:
    /// stable across re-ingests and independent of chunks elsewhere in the paper.
    public static func chunkKey(paper: String, path: [String], occurrence: Int = 0, ordinal: Int) -> String {
        let parts = path + (occurrence > 0 ? ["#\(occurrence)"] : []) + [String(ordinal)]
        let digest = SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8))
        return paper + "#" + digest.prefix(10).map { String(format: "%02x", $0) }.joined()
    }

    func mapPeople(_ f: FrontMatter, into r: inout PaperRecord) {
        var affiliationIndex: [String: Int] = [:]
        for author in f.authors {
            for a in author.affiliations where affiliationIndex[a] == nil {
                affiliationIndex[a] = r.affiliations.count
                r.affiliations.append(.init(ordinal: r.affiliations.count, label: nil, text: a))
            }
        }
        r.authors = f.authors.enumerated().map { i, a in
            .init(ordinal: i, surname: a.surname, givenNames: a.givenNames, fullName: a.name, orcid: a.orcid,
                  email: a.emails.first, corresponding: a.isCorresponding,
                  affiliations: a.affiliations.compactMap { affiliationIndex[$0] })
        }
    }

    func figures(_ article: Article) -> [PaperRecord.Figure] {
        var out: [PaperRecord.Figure] = []
        for f in article.allFigures { out.append(.init(ordinal: out.count, sectionOrdinal: nil, kind: "figure", label: f.label, caption: f.captionText)) }
        for t in article.allTables { out.append(.init(ordinal: out.count, sectionOrdinal: nil, kind: "table", label: t.label, caption: t.captionText)) }
        for s in article.allSupplementaryMaterials {
            out.append(.init(ordinal: out.count, sectionOrdinal: nil, kind: "supplementary", label: s.label, caption: s.captionText))
        }
        for m in article.allFormulas where m.isDisplay {
            out.append(.init(ordinal: out.count, sectionOrdinal: nil, kind: "formula", label: m.label, caption: m.text))
        }
        return out
    }
}
