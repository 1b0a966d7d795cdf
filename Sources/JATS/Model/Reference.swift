/// One entry of the reference list (`<ref>`), from its first `element-citation`,
/// `mixed-citation`, `citation` or `nlm-citation`.
public struct Reference: Sendable, Codable, Equatable {
    /// `@id` of the `<ref>`, the target of in-text `xref`s.
    public var id: String?
    /// `<label>` (e.g. "12"), if any.
    public var label: String?
    /// `@publication-type` (or `@citation-type`), e.g. `journal`, `book`.
    public var publicationType: String?
    /// Author and editor names in order ("Surname GN", or the collaboration).
    public var authors: [String]
    /// `<article-title>`, `<chapter-title>` or `<data-title>`.
    public var title: String?
    /// `<source>`: the journal or book title.
    public var source: String?
    /// The first four-digit year in `<year>`.
    public var year: Int?
    /// DOI, bare, from `pub-id pub-id-type="doi"` or a DOI link.
    public var doi: String?
    /// PubMed id from `pub-id pub-id-type="pmid"`.
    public var pmid: String?
    /// The whole citation as readable text.
    public var text: String

    /// Creates a reference.
    public init(id: String? = nil, label: String? = nil, publicationType: String? = nil, authors: [String] = [],
                title: String? = nil, source: String? = nil, year: Int? = nil, doi: String? = nil,
                pmid: String? = nil, text: String = "") {
        self.id = id
        self.label = label
        self.publicationType = publicationType
        self.authors = authors
        self.title = title
        self.source = source
        self.year = year
        self.doi = doi
        self.pmid = pmid
        self.text = text
    }
}
