/// Bibliographic front matter of an article (from `<front>`, or `<front-stub>` of a sub-article).
public struct FrontMatter: Sendable, Codable, Equatable {
    /// `<article-title>` as readable text.
    public var title: String?
    /// `<subtitle>`, if any.
    public var subtitle: String?
    /// `<journal-title>`.
    public var journal: String?
    /// `<publisher-name>`.
    public var publisher: String?
    /// The publication date: electronic first, then print, then collection, then the first given.
    public var publicationDate: PublicationDate?
    /// The DOI, bare (`10.1371/journal.pone.0002554`).
    public var doi: String?
    /// The PubMed Central id with its prefix (`PMC2789071`).
    public var pmcid: String?
    /// The PubMed id (digits).
    public var pmid: String?
    /// The licence, if stated.
    public var license: License?
    /// Authors in document order (`contrib-type="author"`, or no type inside a contrib group).
    public var authors: [Author]
    /// All `<kwd>` of all keyword groups, in document order.
    public var keywords: [String]
    /// `<abstract>` and `<trans-abstract>` elements, in document order.
    public var abstracts: [Abstract]

    /// Creates front matter; every field defaults to empty.
    public init(title: String? = nil, subtitle: String? = nil, journal: String? = nil,
                publisher: String? = nil, publicationDate: PublicationDate? = nil, doi: String? = nil,
                pmcid: String? = nil, pmid: String? = nil, license: License? = nil,
                authors: [Author] = [], keywords: [String] = [], abstracts: [Abstract] = []) {
        self.title = title
        self.subtitle = subtitle
        self.journal = journal
        self.publisher = publisher
        self.publicationDate = publicationDate
        self.doi = doi
        self.pmcid = pmcid
        self.pmid = pmid
        self.license = license
        self.authors = authors
        self.keywords = keywords
        self.abstracts = abstracts
    }
}

/// A (possibly partial) publication date. Out-of-range months or days are dropped, not guessed.
public struct PublicationDate: Sendable, Codable, Equatable {
    /// Four-digit year.
    public var year: Int
    /// 1...12, if given and valid.
    public var month: Int?
    /// 1...31, if given and valid.
    public var day: Int?
    /// `@pub-type` or `@date-type` (`epub`, `ppub`, `pub`, `collection`...), if given.
    public var type: String?

    /// Creates a date.
    public init(year: Int, month: Int? = nil, day: Int? = nil, type: String? = nil) {
        self.year = year
        self.month = month
        self.day = day
        self.type = type
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    public var iso8601: String {
        var s = padded4(year)
        if let month {
            s += "-" + (month < 10 ? "0" : "") + String(month)
            if let day { s += "-" + (day < 10 ? "0" : "") + String(day) }
        }
        return s
    }
}

private func padded4(_ n: Int) -> String {
    let s = String(n)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}

/// The article's licence: a URL (from `license/@xlink:href` or `ali:license_ref`) and its text.
public struct License: Sendable, Codable, Equatable {
    /// The licence URL, e.g. `http://creativecommons.org/licenses/by/4.0/`.
    public var url: String?
    /// `@license-type`, if given (e.g. `open-access`).
    public var type: String?
    /// The `<license-p>` paragraphs as readable text.
    public var text: String?

    /// Creates a licence.
    public init(url: String? = nil, type: String? = nil, text: String? = nil) {
        self.url = url
        self.type = type
        self.text = text
    }
}

/// One author: a person (`name`) or a group (`collab`).
public struct Author: Sendable, Codable, Equatable {
    /// Display name: "Given Surname", or the collaboration's name.
    public var name: String
    /// `<surname>`, if a person.
    public var surname: String?
    /// `<given-names>`, if given.
    public var givenNames: String?
    /// True for a `<collab>` (group author).
    public var isCollaboration: Bool
    /// Bare ORCID iD (`0000-0002-1825-0097`), if given.
    public var orcid: String?
    /// Affiliation texts, resolved from `xref ref-type="aff"` or nested `<aff>`.
    public var affiliations: [String]
    /// Email addresses given in the contrib element.
    public var emails: [String]
    /// True when `@corresp="yes"` or a `xref ref-type="corresp"` is present.
    public var isCorresponding: Bool

    /// Creates an author.
    public init(name: String, surname: String? = nil, givenNames: String? = nil,
                isCollaboration: Bool = false, orcid: String? = nil, affiliations: [String] = [],
                emails: [String] = [], isCorresponding: Bool = false) {
        self.name = name
        self.surname = surname
        self.givenNames = givenNames
        self.isCollaboration = isCollaboration
        self.orcid = orcid
        self.affiliations = affiliations
        self.emails = emails
        self.isCorresponding = isCorresponding
    }
}

/// One abstract: its type, language, title and content as a section tree.
public struct Abstract: Sendable, Codable, Equatable {
    /// `@abstract-type` (`summary`, `executive-summary`, `toc`...), or nil for the main abstract.
    public var type: String?
    /// `@xml:lang`, set for `<trans-abstract>` and translated abstracts.
    public var language: String?
    /// The abstract's own `<title>` (e.g. "Author Summary", "eLife digest"), if any.
    public var title: String?
    /// The content: paragraphs as `blocks`, structured-abstract parts as `subsections`.
    public var content: Section

    /// Creates an abstract.
    public init(type: String? = nil, language: String? = nil, title: String? = nil, content: Section = Section()) {
        self.type = type
        self.language = language
        self.title = title
        self.content = content
    }

    /// The whole abstract as one text: sub-section titles and paragraphs joined by spaces.
    public var text: String {
        var parts: [String] = []
        content.collectText(into: &parts)
        return parts.joined(separator: " ")
    }
}
