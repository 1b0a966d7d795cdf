/// A paper as Store writes it: flat rows that reference each other by ordinal. Ingest maps
/// a parsed JATS `Article` and its chunks to this; Store never sees the parser's types.
public struct PaperRecord: Sendable, Codable, Equatable {
    /// Stable identity: `doi:<lowercased DOI>`, else `pmcid:PMC…`, else `pmid:…`, else `sha256:…`.
    public var key: String
    public var doi: String?
    public var pmcid: String?
    public var pmid: String?
    public var title: String
    public var subtitle: String?
    public var journal: String?
    public var publisher: String?
    /// ISO date `YYYY-MM-DD` when the file gives a full date.
    public var pubDate: String?
    public var pubYear: Int?
    public var articleType: String?
    public var language: String?
    public var licenseURL: String?
    public var licenseText: String?
    public var abstract: String?
    public var sourcePath: String?
    /// SHA-256 of the file's bytes, hex.
    public var contentSHA256: String
    public var jatsVersion: String?
    public var byteSize: Int
    public var authors: [Author] = []
    public var affiliations: [Affiliation] = []
    public var keywords: [Keyword] = []
    public var sections: [Section] = []
    public var figures: [Figure] = []
    public var chunks: [Chunk] = []
    public var citations: [Citation] = []

    public init(key: String, title: String, contentSHA256: String, byteSize: Int) {
        self.key = key
        self.title = title
        self.contentSHA256 = contentSHA256
        self.byteSize = byteSize
    }

    public struct Author: Sendable, Codable, Equatable {
        public var ordinal: Int
        public var surname: String?
        public var givenNames: String?
        public var fullName: String
        public var orcid: String?
        public var email: String?
        public var corresponding: Bool
        /// Ordinals into `affiliations`.
        public var affiliations: [Int]
        public init(ordinal: Int, surname: String?, givenNames: String?, fullName: String, orcid: String?, email: String?, corresponding: Bool, affiliations: [Int]) {
            self.ordinal = ordinal; self.surname = surname; self.givenNames = givenNames; self.fullName = fullName
            self.orcid = orcid; self.email = email; self.corresponding = corresponding; self.affiliations = affiliations
        }
    }

    public struct Affiliation: Sendable, Codable, Equatable {
        public var ordinal: Int
        public var label: String?
        public var text: String
        public init(ordinal: Int, label: String?, text: String) { self.ordinal = ordinal; self.label = label; self.text = text }
    }

    public struct Keyword: Sendable, Codable, Equatable {
        public var keyword: String
        public var kind: String?
        public init(keyword: String, kind: String?) { self.keyword = keyword; self.kind = kind }
    }

    public struct Section: Sendable, Codable, Equatable {
        /// Document order within the paper, from 0.
        public var ordinal: Int
        public var parentOrdinal: Int?
        public var depth: Int
        public var path: [String]
        public var title: String?
        public var secType: String?
        public var normalizedType: String?
        /// body, abstract, back, sub-article.
        public var kind: String
        public init(ordinal: Int, parentOrdinal: Int?, depth: Int, path: [String], title: String?, secType: String?, normalizedType: String?, kind: String) {
            self.ordinal = ordinal; self.parentOrdinal = parentOrdinal; self.depth = depth; self.path = path
            self.title = title; self.secType = secType; self.normalizedType = normalizedType; self.kind = kind
        }
    }

    public struct Figure: Sendable, Codable, Equatable {
        public var ordinal: Int
        public var sectionOrdinal: Int?
        /// figure, table, supplementary, formula.
        public var kind: String
        public var label: String?
        public var caption: String?
        public init(ordinal: Int, sectionOrdinal: Int?, kind: String, label: String?, caption: String?) {
            self.ordinal = ordinal; self.sectionOrdinal = sectionOrdinal; self.kind = kind; self.label = label; self.caption = caption
        }
    }

    public struct Chunk: Sendable, Codable, Equatable {
        /// Stable id derived from the paper key, section path and ordinal.
        public var key: String
        public var sectionOrdinal: Int?
        public var ordinal: Int
        public var kind: String
        public var text: String
        public var charStart: Int
        public var charEnd: Int
        public var tokenCount: Int
        public init(key: String, sectionOrdinal: Int?, ordinal: Int, kind: String, text: String, charStart: Int, charEnd: Int, tokenCount: Int) {
            self.key = key; self.sectionOrdinal = sectionOrdinal; self.ordinal = ordinal; self.kind = kind
            self.text = text; self.charStart = charStart; self.charEnd = charEnd; self.tokenCount = tokenCount
        }
    }

    public struct Citation: Sendable, Codable, Equatable {
        public var ordinal: Int
        public var refID: String?
        public var label: String?
        public var title: String?
        public var source: String?
        public var year: Int?
        public var doi: String?
        public var pmid: String?
        public init(ordinal: Int, refID: String?, label: String?, title: String?, source: String?, year: Int?, doi: String?, pmid: String?) {
            self.ordinal = ordinal; self.refID = refID; self.label = label; self.title = title
            self.source = source; self.year = year; self.doi = doi; self.pmid = pmid
        }
    }
}
