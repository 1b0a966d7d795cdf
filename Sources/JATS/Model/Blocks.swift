/// A paragraph as readable text: inline markup flattened, whitespace collapsed, cross-reference
/// text kept, formulas as text (see `Formula.text`).
public struct Paragraph: Sendable, Codable, Equatable {
    /// The text.
    public var text: String
    /// Inline and display formulas that occur inside the paragraph, in order.
    public var formulas: [Formula]

    /// Creates a paragraph.
    public init(text: String, formulas: [Formula] = []) {
        self.text = text
        self.formulas = formulas
    }
}

/// A figure (`<fig>`): label, caption title and caption text.
public struct Figure: Sendable, Codable, Equatable {
    /// `@id`, if any.
    public var id: String?
    /// `<label>`, e.g. "Figure 1".
    public var label: String?
    /// The caption's `<title>`, if any.
    public var title: String?
    /// The caption's paragraphs, joined by spaces.
    public var caption: String?

    /// Creates a figure.
    public init(id: String? = nil, label: String? = nil, title: String? = nil, caption: String? = nil) {
        self.id = id
        self.label = label
        self.title = title
        self.caption = caption
    }

    /// "Label. Title. Caption" with empty parts left out.
    public var captionText: String { joinCaption(label, title, caption) }
}

/// A table (`<table-wrap>`): label, caption, cell text by rows, footnotes.
public struct Table: Sendable, Codable, Equatable {
    /// `@id`, if any.
    public var id: String?
    /// `<label>`, e.g. "Table 1".
    public var label: String?
    /// The caption's `<title>`, if any.
    public var title: String?
    /// The caption's paragraphs, joined by spaces.
    public var caption: String?
    /// Cell text, row by row (header rows first, as in the document). Empty when the table is
    /// only an image.
    public var rows: [[String]]
    /// How many of the first `rows` come from `<thead>`.
    public var headerRowCount: Int
    /// `<table-wrap-foot>` footnotes as readable text.
    public var footnotes: [String]

    /// Creates a table.
    public init(id: String? = nil, label: String? = nil, title: String? = nil, caption: String? = nil,
                rows: [[String]] = [], headerRowCount: Int = 0, footnotes: [String] = []) {
        self.id = id
        self.label = label
        self.title = title
        self.caption = caption
        self.rows = rows
        self.headerRowCount = headerRowCount
        self.footnotes = footnotes
    }

    /// "Label. Title. Caption" with empty parts left out.
    public var captionText: String { joinCaption(label, title, caption) }

    /// The cells as text: one line per row, cells separated by " | ".
    public var cellText: String {
        rows.map { $0.joined(separator: " | ") }.joined(separator: "\n")
    }
}

/// A formula as text, with where the text came from.
public struct Formula: Sendable, Codable, Equatable {
    /// Which representation `text` was taken from.
    public enum Notation: String, Sendable, Codable {
        /// `<alt-text>`, the author's plain-text rendering.
        case altText = "alt-text"
        /// `<tex-math>`, with any LaTeX document preamble and `$` delimiters removed.
        case tex
        /// MathML flattened to text (`x^2`, `(a)/(b)`, `√(x)`).
        case mathML = "mathml"
        /// The element's plain text content (no markup found).
        case text
        /// Only an image (`<graphic>`): `text` is empty.
        case graphic
    }
    /// `@id`, if any.
    public var id: String?
    /// `<label>` (e.g. "(1)"), if any.
    public var label: String?
    /// The formula as text.
    public var text: String
    /// Which representation `text` was taken from.
    public var notation: Notation
    /// True for `<disp-formula>`, false for `<inline-formula>` (and bare inline MathML).
    public var isDisplay: Bool

    /// Creates a formula.
    public init(id: String? = nil, label: String? = nil, text: String, notation: Notation, isDisplay: Bool) {
        self.id = id
        self.label = label
        self.text = text
        self.notation = notation
        self.isDisplay = isDisplay
    }
}

/// Supplementary material (`<supplementary-material>`): label, caption and link.
public struct SupplementaryMaterial: Sendable, Codable, Equatable {
    /// `@id`, if any.
    public var id: String?
    /// `<label>`, e.g. "S1 Table".
    public var label: String?
    /// The caption's `<title>`, if any.
    public var title: String?
    /// The caption's paragraphs, joined by spaces.
    public var caption: String?
    /// `@xlink:href` of the element or its `<media>`, if any.
    public var href: String?

    /// Creates a supplementary-material entry.
    public init(id: String? = nil, label: String? = nil, title: String? = nil, caption: String? = nil, href: String? = nil) {
        self.id = id
        self.label = label
        self.title = title
        self.caption = caption
        self.href = href
    }

    /// "Label. Title. Caption" with empty parts left out.
    public var captionText: String { joinCaption(label, title, caption) }
}

/// Joins caption parts with ". " unless a part already ends in punctuation.
func joinCaption(_ parts: String?...) -> String { joinCaption(parts) }

/// Array form of `joinCaption(_:...)`.
func joinCaption(_ parts: [String?]) -> String {
    var out = ""
    for case let part? in parts where !part.isEmpty {
        if !out.isEmpty {
            if let last = out.last, ".:;!?".contains(last) { out += " " } else { out += ". " }
        }
        out += part
    }
    return out
}
