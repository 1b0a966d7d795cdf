import Foundation
import Testing
import JATS
import Text
import PreflexorTesting

/// The QA development set, Tests/Fixtures/QA/devset.jsonl (issue 11, evaluation harness).
///
/// Checks the file's shape (fields, types, counts, spread over papers) without the corpus,
/// and, against ../shared/jats (skipped loudly when absent): every evidence sentence occurs
/// verbatim (whitespace folded) in one chunk of the named paper as ingest stores it, the DOI
/// is the parsed article's, and the key terms of each unanswerable question occur in no paper
/// (neither the shared corpus nor the repository's sample corpus/).
@Suite struct QADevSetTests {
    /// One line of the set. Extra fields are ignored by `preflexor eval qa`.
    struct Entry: Decodable {
        var id: String
        var question: String
        var answer: String
        var evidence: [String]?
        var doi: String?
        var paper: String?
        var type: String
        var answerable: Bool
        /// Unanswerable questions only: terms that occur in no paper of the corpus (case folded).
        var absent: [String]?
    }

    static let types: Set<String> = ["mechanism", "property_value", "comparison", "relation"]
    /// Phrases that make a question depend on a context the asker does not have.
    static let contextPhrases = ["this paper", "this study", "the authors", "in this study", "this article", "the present study"]

    /// The set, one `(line number, entry)` per non-blank line; a bad line fails naming its number.
    static func load() throws -> [(line: Int, entry: Entry)] {
        let text = try Fixtures.text("QA", "devset.jsonl")
        var out: [(Int, Entry)] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let s = line.trimmingCharacters(in: .whitespaces)
            if s.isEmpty { continue }
            do {
                out.append((i + 1, try JSONDecoder().decode(Entry.self, from: Data(s.utf8))))
            } catch {
                throw DevSetError(message: "devset.jsonl:\(i + 1): not a valid entry (\(error))")
            }
        }
        return out
    }

    struct DevSetError: Error, CustomStringConvertible { var message: String; var description: String { message } }

    /// Whitespace folded, as `preflexor eval qa` compares (it also folds case).
    static func foldSpace(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Lower-cased runs of letters and digits.
    static func words(_ s: String) -> [String] {
        s.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    /// The first run of `n` consecutive words that `a` and `b` share, or nil.
    static func sharedRun(_ a: String, _ b: String, n: Int = 5) -> String? {
        let wa = words(a), wb = words(b)
        guard wa.count >= n, wb.count >= n else { return nil }
        let grams = Set((0...(wb.count - n)).map { wb[$0..<($0 + n)].joined(separator: " ") })
        for i in 0...(wa.count - n) {
            let g = wa[i..<(i + n)].joined(separator: " ")
            if grams.contains(g) { return g }
        }
        return nil
    }

    @Test func shapeCountsAndWording() throws {
        let entries = try Self.load()
        var ids = Set<String>(), questions = Set<String>()
        for (line, e) in entries {
            let at = "devset.jsonl:\(line) (\(e.id))"
            #expect(ids.insert(e.id).inserted, "\(at): duplicate id")
            #expect(questions.insert(Self.words(e.question).joined(separator: " ")).inserted, "\(at): duplicate question")
            #expect(Self.types.contains(e.type), "\(at): type \(e.type) is not one of \(Self.types.sorted())")
            #expect(!e.question.isEmpty && e.question.hasSuffix("?"), "\(at): the question must be non-empty and end with '?'")
            #expect(!e.answer.isEmpty, "\(at): empty answer")
            let q = e.question.lowercased()
            for p in Self.contextPhrases { #expect(!q.contains(p), "\(at): the question says \"\(p)\"; make it self-contained") }
            if e.answerable {
                let evidence = e.evidence ?? []
                #expect((1...3).contains(evidence.count), "\(at): give 1-3 evidence sentences, not \(evidence.count)")
                #expect(e.doi?.hasPrefix("10.") == true, "\(at): the doi must be bare (10.xxxx/...)")
                #expect(e.paper.map { $0.hasPrefix("papers/") || $0.hasPrefix("biomaterials/") } == true,
                        "\(at): paper must be a path under ../shared/jats (papers/... or biomaterials/...)")
                #expect(e.absent == nil, "\(at): absent is only for unanswerable questions")
                for s in evidence {
                    let t = s.trimmingCharacters(in: .whitespaces)
                    #expect(t.count >= 20, "\(at): evidence \"\(s)\" is too short to be a sentence")
                    #expect(t.last.map { ".!?)]\u{201D}\"".contains($0) } == true, "\(at): evidence must be whole sentences: \"\(s)\"")
                    if let run = Self.sharedRun(e.question, s) {
                        Issue.record("\(at): the question shares the run \"\(run)\" with its evidence; paraphrase it")
                    }
                }
            } else {
                #expect((e.evidence ?? []).isEmpty && e.doi == nil && e.paper == nil,
                        "\(at): an unanswerable question has no evidence, doi or paper")
                #expect(!(e.absent ?? []).isEmpty, "\(at): name the key terms the corpus lacks in absent")
            }
        }
        let answerable = entries.map(\.entry).filter(\.answerable)
        #expect(answerable.count >= 60, "\(answerable.count) answerable questions; the set needs at least 60")
        #expect(entries.count - answerable.count >= 10, "\(entries.count - answerable.count) unanswerable questions; at least 10")
        for t in Self.types {
            let n = answerable.filter { $0.type == t }.count
            #expect(n >= 10, "\(n) \(t) questions; at least 10 of each type")
        }
        let papers = Set(answerable.compactMap(\.paper))
        #expect(papers.count >= 30, "evidence comes from \(papers.count) papers; spread it over at least 30")
        #expect(papers.contains { $0.hasPrefix("biomaterials/") } && papers.contains { $0.hasPrefix("papers/") },
                "use both ../shared/jats/biomaterials and ../shared/jats/papers")
    }

    @Test func sharedRunDetection() {
        #expect(Self.sharedRun("How stiff are the bones of aged mice?", "The bone of old mice is stiff.") == nil)
        #expect(Self.sharedRun("Why is the bone of old mice stiff?", "We found the bone of old mice stiff.") == "the bone of old mice")
        #expect(Self.sharedRun("Which Dose, in mg/kg, was used?", "a dose in mg kg was used daily") == "dose in mg kg was")
    }

    /// The chunk texts of one paper, as ingest stores them, and its DOI.
    static func parsed(_ paper: String, root: URL) throws -> (doi: String?, chunks: [String]) {
        let article = try JATSParser().parse(fileAt: root.appendingPathComponent(paper))
        let blocks = article.textBlocks().map {
            TextBlock(sectionPath: $0.sectionPath, sectionType: $0.sectionType,
                      kind: TextBlock.Kind(rawValue: $0.kind.rawValue)!, text: $0.text)
        }
        return (article.doi, try Chunker().chunk(blocks: blocks).map(\.text))
    }

    @Test(.enabled(if: Fixtures.hasSharedCorpus)) func evidenceIsVerbatimInItsPaper() throws {
        let root = Fixtures.sharedJATS()!
        let entries = try Self.load().filter(\.entry.answerable)
        var cache: [String: (doi: String?, chunks: [String])] = [:]
        for (line, e) in entries {
            let at = "devset.jsonl:\(line) (\(e.id))"
            guard let paper = e.paper else { continue }
            let doc: (doi: String?, chunks: [String])
            if let hit = cache[paper] { doc = hit } else {
                guard FileManager.default.fileExists(atPath: root.appendingPathComponent(paper).path) else {
                    Issue.record("\(at): no paper \(paper) under \(root.path)"); continue
                }
                doc = try Self.parsed(paper, root: root)
                cache[paper] = doc
            }
            #expect(doc.doi?.lowercased() == e.doi?.lowercased(), "\(at): doi \(e.doi ?? "nil") but \(paper) has \(doc.doi ?? "none")")
            let chunks = doc.chunks.map(Self.foldSpace)
            for s in e.evidence ?? [] {
                let want = Self.foldSpace(s)
                #expect(chunks.contains { $0.contains(want) }, "\(at): evidence not found verbatim in one chunk of \(paper): \"\(s)\"")
            }
        }
    }

    @Test(.enabled(if: Fixtures.hasSharedCorpus)) func unanswerableTermsAreAbsentFromTheCorpus() throws {
        let root = Fixtures.sharedJATS()!
        let entries = try Self.load().filter { !$0.entry.answerable }
        var texts: [(String, String)] = []
        // The shared corpus, and the repository's sample corpus/ that the demo ingests beside it.
        let folders = ["papers", "biomaterials"].map { root.appendingPathComponent($0) }
            + [Fixtures.repositoryRoot.appendingPathComponent("corpus")]
        for folder in folders {
            let e = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
            while let u = e?.nextObject() as? URL {
                guard u.pathExtension == "xml" || u.pathExtension == "nxml" else { continue }
                // A paper that does not parse is not ingested either, so it cannot answer.
                guard let article = try? JATSParser().parse(fileAt: u) else { continue }
                let text = ([article.front.title ?? ""] + article.textBlocks().map(\.text)).joined(separator: "\n")
                texts.append((u.lastPathComponent, Self.foldSpace(text).lowercased()))
            }
        }
        #expect(texts.count >= 200, "read \(texts.count) papers under \(root.path) and corpus/; expected the whole corpus")
        for (line, e) in entries {
            for term in e.absent ?? [] {
                let t = Self.foldSpace(term).lowercased()
                if let hit = texts.first(where: { $0.1.contains(t) }) {
                    Issue.record("devset.jsonl:\(line) (\(e.id)): \"\(term)\" occurs in \(hit.0); the corpus may answer it")
                }
            }
        }
    }
}
