import Foundation

/// The domain lexicon: typed terms with synonyms, indexed by normalised key.
///
/// File format (`Sources/Graph/Resources/lexicon.tsv`): a header `term<TAB>type<TAB>synonyms`,
/// then one term a line; synonyms are `|`-separated; blank lines and lines starting with `#`
/// are skipped. Acronym-like names ("HAp", "PEG", "BMP-2") match case-sensitively so that
/// "HA" does not fire on "ha"; all other names match by `TermNormalizer.key`.
public struct Lexicon: Sendable {
    /// One lexicon term.
    public struct Entry: Sendable, Hashable {
        /// The canonical term as written in the file.
        public var term: String
        /// The term's type.
        public var type: EntityType
        /// Synonyms as written.
        public var synonyms: [String]
        /// `TermNormalizer.key(term)`.
        public var key: String
    }

    /// Entries in file order.
    public private(set) var entries: [Entry] = []
    /// Normalised key of a name -> entry index.
    private(set) var byKey: [String: Int] = [:]
    /// Acronym-like names, matched on the exact surface -> entry index.
    private(set) var byAcronym: [String: Int] = [:]
    /// Longest name in words (bounds the matcher's look-ahead).
    private(set) var maxWords = 1

    /// An empty lexicon (only keywords, abbreviations and noun phrases will be found).
    public init() {}

    /// Parses lexicon TSV text; throws `GraphError(.lexiconMalformed)` naming the line.
    public init(tsv: String, source: String = "lexicon.tsv") throws {
        var lineNumber = 0
        for raw in tsv.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if lineNumber == 1, fields.first?.lowercased() == "term" { continue }
            guard fields.count >= 2, !fields[0].isEmpty else {
                throw GraphError(.lexiconMalformed,
                                 "\(source):\(lineNumber): expected `term<TAB>type<TAB>synonyms`, got \(fields.count) field(s); fix the line")
            }
            guard let type = EntityType(rawValue: fields[1].lowercased()), type != .concept else {
                let known = EntityType.allCases.filter { $0 != .concept }.map(\.rawValue).joined(separator: ", ")
                throw GraphError(.lexiconMalformed, "\(source):\(lineNumber): unknown type '\(fields[1])'; use one of \(known)")
            }
            let synonyms = fields.count > 2
                ? fields[2].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                : []
            add(Entry(term: fields[0], type: type, synonyms: synonyms, key: TermNormalizer.key(fields[0])))
        }
    }

    /// The lexicon shipped with the module (`Resources/lexicon.tsv`).
    public static func load() throws -> Lexicon {
        guard let url = Bundle.module.url(forResource: "lexicon", withExtension: "tsv", subdirectory: "Resources")
                ?? Bundle.module.url(forResource: "lexicon", withExtension: "tsv") else {
            throw GraphError(.lexiconMissing, "Resources/lexicon.tsv is missing from the Graph bundle; rebuild the package")
        }
        return try load(contentsOf: url)
    }

    /// Reads a lexicon file.
    public static func load(contentsOf url: URL) throws -> Lexicon {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw GraphError(.lexiconMissing, "cannot read lexicon at \(url.path); check the path", underlying: error)
        }
        return try Lexicon(tsv: text, source: url.lastPathComponent)
    }

    /// Number of entries.
    public var count: Int { entries.count }

    /// The entry whose term or synonym has this normalised key.
    public func entry(forKey key: String) -> Entry? { byKey[key].map { entries[$0] } }

    /// The entry for a name as written (acronyms case-sensitively, otherwise by key).
    public func entry(forName name: String) -> Entry? {
        if let i = byAcronym[name] { return entries[i] }
        if Self.isAcronym(name) { return nil }
        return entry(forKey: TermNormalizer.key(name))
    }

    /// Adds an entry; names already taken by an earlier entry keep it (first wins).
    mutating func add(_ entry: Entry) {
        let index = entries.count
        entries.append(entry)
        for name in [entry.term] + entry.synonyms {
            if Self.isAcronym(name) {
                if byAcronym[name] == nil { byAcronym[name] = index }
                let words = TermNormalizer.words(name).count
                maxWords = max(maxWords, words)
                continue
            }
            let key = TermNormalizer.key(name)
            guard !key.isEmpty else { continue }
            if byKey[key] == nil { byKey[key] = index }
            maxWords = max(maxWords, key.split(separator: " ").count)
        }
    }

    /// Acronym-like: at most three scalars, or at most 8 scalars, no spaces, and at least two upper-case letters, or one
    /// upper-case letter with a digit ("BMP-2", "HAp", "PEG", "Col1").
    static func isAcronym(_ name: String) -> Bool {
        let s = name.unicodeScalars
        guard s.count <= 8, !s.contains(" ") else { return false }
        if s.count <= 3 { return true }   // "Ca", "Fe", "DNA": case-sensitive, or "ca." would be calcium
        let upper = s.filter { $0.properties.isUppercase }.count
        let digits = s.filter { $0.properties.numericType != nil }.count
        let lower = s.filter { $0.properties.isLowercase }.count
        if upper >= 2 { return true }
        return upper == 1 && digits >= 1 && lower <= 2
    }
}
