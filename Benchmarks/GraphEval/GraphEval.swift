import ArticleText
import Foundation
import Graph
import JATS
import Text

/// bench-graph-eval: the embedded graph extractor over JATS files, parsed and chunked exactly
/// as ingest does (`ArticleText.textBlocks` + `Chunker()`, chunk index = ordinal, section = kind).
///
///     bench-graph-eval DEVSET.jsonl [--papers DIR] [--json] [--misses]
///                                    score the facts (GraphEvaluation); papers named by file
///                                    name are read from DIR (default ../shared/jats/biomaterials)
///     bench-graph-eval --dump-typed DIR...   every typed edge (not CO_OCCURS) with its sentence, JSONL
///     bench-graph-eval --dump-all DIR...     the same with the CO_OCCURS edges
///     (any mode) --no-clause: the mention grammar alone (GraphExtractor.Options.clauseRelations off)
///     bench-graph-eval --concepts DIR...     every concept entity's name, one a line
///     bench-graph-eval --classify-concepts FILE   share of names that read like clause fragments
///     bench-graph-eval --stats DIR... [--repeat N] [--json]
///                                    relation counts per predicate, CO_OCCURS share, concept
///                                    hygiene, and the extraction time (best of N runs)
@main
struct GraphEval {
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("bench-graph-eval: \(message)\n".utf8))
        exit(2)
    }

    static func main() {
        do { try run() } catch { fail("\(error)") }
    }

    static func run() throws {
        var args = Array(CommandLine.arguments.dropFirst())
        func flag(_ f: String) -> Bool {
            guard let i = args.firstIndex(of: f) else { return false }
            args.remove(at: i)
            return true
        }
        func option(_ f: String) -> String? {
            guard let i = args.firstIndex(of: f) else { return nil }
            guard i + 1 < args.count else { fail("\(f) needs a value") }
            let v = args[i + 1]
            args.removeSubrange(i...(i + 1))
            return v
        }
        let json = flag("--json"), misses = flag("--misses"), sentences = flag("--sentences"), dumpAll = flag("--dump-all"), dump = flag("--dump-typed") || dumpAll, stats = flag("--stats")
        let repeats = Int(option("--repeat") ?? "1") ?? 1
        let papersDir = option("--papers") ?? "../shared/jats/biomaterials"
        guard !args.isEmpty else {
            fail("usage: bench-graph-eval DEVSET.jsonl [--papers DIR] [--json] [--misses] | --dump-typed DIR... | --dump-all DIR... | --stats DIR... [--repeat N] [--json] | --sentences TEXT...")
        }
        if flag("--classify-concepts") {
            // One concept name a line (e.g. from --concepts of another build): the fragment share.
            guard let text = try? String(contentsOfFile: args[0], encoding: .utf8) else { fail("cannot read \(args[0])") }
            let names = text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
            let bad = names.filter(GraphStatistics.startsLikeFragment)
            print(String(format: "%d concepts, %d fragment concepts (%.1f%%)", names.count, bad.count,
                         names.isEmpty ? 0 : 100 * Double(bad.count) / Double(names.count)))
            return
        }
        let concepts = flag("--concepts")
        let lexicon = try Lexicon.load()
        var options = GraphExtractor.Options()
        options.clauseRelations = !flag("--no-clause")
        if let n = option("--co-window").flatMap(Int.init) { options.coOccurrenceWindow = n }
        if let n = option("--co-per-sentence").flatMap(Int.init) { options.coOccurrencePerSentence = n }
        if flag("--co-beside-typed") { options.coOccurrenceBesideTyped = true }
        if flag("--co-in-fragments") { options.coOccurrenceInFragments = true }
        let extractor = GraphExtractor(lexicon: lexicon, options: options)
        if sentences, let paper = option("--paper") {
            // Each argument is a sentence of that paper, read in the paper's context (its mined
            // concepts and abbreviations): the mentions in it and the relations it evidences.
            let paperInput = try input(of: paper)
            let g = extractor.extract(paper: paperInput)
            let names = Dictionary(g.entities.map { ($0.key, $0.name) }, uniquingKeysWith: { a, _ in a })
            for text in args {
                print("# \(text)")
                guard let chunk = paperInput.chunks.first(where: { $0.text.contains(text) }),
                      let found = chunk.text.range(of: text) else {
                    print("  not found in \(paper)")
                    continue
                }
                let start = chunk.text.unicodeScalars.distance(from: chunk.text.unicodeScalars.startIndex, to: found.lowerBound)
                let span = start..<(start + text.unicodeScalars.count)
                let inSentence = g.mentions.filter { $0.chunkIndex == chunk.index && span.contains($0.range.lowerBound) }
                print("  mentions: " + inSentence.map { "\($0.surface)@\($0.range.lowerBound) -> \(names[$0.entityKey] ?? $0.entityKey) [\($0.entityKey)]" }.joined(separator: "; "))
                for r in g.relations where r.evidence.chunkIndex == chunk.index && r.evidence.sentenceRange.overlaps(span) {
                    let mark = r.polarity == .negated ? "!" : r.polarity == .hedged ? "?" : ""
                    print("  \(mark)\(r.source) \(r.predicate.rawValue) \(r.target)  <\(r.trigger)>" + (r.cue.map { "  [\($0)]" } ?? ""))
                }
            }
            return
        }
        if sentences {
            // Each argument is a sentence: every relation read from it (polarity marked "!"
            // negated, "?" hedged, with the cue), values and comparisons.
            for text in args {
                let g = extractor.extract(paper: PaperInput(paperKey: "sentence", keywords: [], chunks: [.init(index: 0, text: text)]))
                print("# \(text)")
                print("  entities: " + g.entities.map { "\($0.name) (\($0.type.rawValue))" }.joined(separator: "; "))
                for r in g.relations {
                    let mark = r.polarity == .negated ? "!" : r.polarity == .hedged ? "?" : ""
                    print("  \(mark)\(r.source) \(r.predicate.rawValue) \(r.target)" + (r.cue.map { "  [\($0)]" } ?? ""))
                }
                for v in g.propertyValues { print("  value: \(v.entity ?? "-") \(v.property) \(v.quantity.text)") }
                for c in g.comparisons { print("  comparison: \(c.a) \(c.direction.rawValue) \(c.b) \(c.property ?? "-")") }
            }
            return
        }
        if dump || stats || concepts {
            let files = args.flatMap { jatsFiles(under: $0) }
            guard !files.isEmpty else { fail("no .xml/.nxml files under \(args.joined(separator: " ")) (is ../shared/jats there?)") }
            let inputs = try files.map { try input(of: $0) }
            if dump {
                for (file, g) in zip(files, inputs.map(extractor.extract)) { dumpTyped(g, file: file, coOccurs: dumpAll) }
                return
            }
            if concepts {
                for g in inputs.map(extractor.extract) { for e in g.entities where e.type == .concept { print(e.name) } }
                return
            }
            var best = Double.infinity
            var graphs: [PaperGraph] = []
            for _ in 0..<max(1, repeats) {
                let start = DispatchTime.now().uptimeNanoseconds
                graphs = inputs.map(extractor.extract)
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            var s = GraphStatistics()
            for g in graphs { s.add(g) }
            if json {
                print(String(decoding: try encoder().encode(s), as: UTF8.self))
            } else {
                print(s.render(), terminator: "")
                print("  fragment concepts: " + s.fragmentExamples.joined(separator: " | "))
                print(String(format: "extraction: %d papers, %d chunks, best of %d: %.3f s, %.1f papers/s", files.count,
                             inputs.reduce(0) { $0 + $1.chunks.count }, max(1, repeats), best, Double(files.count) / best))
            }
            return
        }
        let path = args[0]
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { fail("cannot read \(path)") }
        let facts = try GraphFact.load(jsonl: text, source: path)
        var graphs: [String: PaperGraph] = [:]
        for paper in Set(facts.map(\.paper)).sorted() {
            let file = paper.contains("/") ? paper : (papersDir as NSString).appendingPathComponent(paper)
            guard FileManager.default.fileExists(atPath: file) else {
                FileHandle.standardError.write(Data("bench-graph-eval: \(file) is missing (its facts count as misses)\n".utf8))
                continue
            }
            graphs[(paper as NSString).lastPathComponent] = extractor.extract(paper: try input(of: file))
        }
        let report = GraphEvaluation(lexicon: lexicon).evaluate(facts, graphs: graphs)
        if json {
            print(String(decoding: try encoder().encode(report), as: UTF8.self))
            return
        }
        print(report.renderTable(), terminator: "")
        if misses {
            for m in report.misses { print("line \(m.line): \(m.fact)\n    \(m.found)") }
        }
    }

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    /// The extractor's input for one JATS file, as ingest builds it.
    static func input(of file: String) throws -> PaperInput {
        let article = try JATSParser().parse(fileAt: URL(fileURLWithPath: file))
        let chunks = try Chunker().chunk(blocks: ArticleText.textBlocks(of: article))
        return PaperInput(paperKey: (file as NSString).lastPathComponent, keywords: article.front.keywords,
                          chunks: chunks.map { .init(index: $0.ordinal, section: $0.kind.rawValue, sectionType: $0.sectionType, text: $0.text) })
    }

    /// One JSON line per typed edge: paper, source, predicate, target, polarity, cue, trigger, sentence.
    static func dumpTyped(_ g: PaperGraph, file: String, coOccurs: Bool = false) {
        struct Row: Encodable {
            var paper, source, predicate, target, polarity: String
            var cue: String?
            var trigger: String
            var value: String?
            var sentence: String
        }
        let e = encoder()
        for r in g.relations where coOccurs || r.predicate != .coOccurs {
            let row = Row(paper: (file as NSString).lastPathComponent, source: r.source, predicate: r.predicate.rawValue,
                          target: r.target, polarity: r.polarity.rawValue, cue: r.cue, trigger: r.trigger,
                          value: r.value?.text, sentence: r.evidence.sentence)
            if let data = try? e.encode(row) { print(String(decoding: data, as: UTF8.self)) }
        }
        for c in g.comparisons {
            let row = Row(paper: (file as NSString).lastPathComponent, source: c.a, predicate: "COMPARISON:" + c.direction.rawValue,
                          target: c.b, polarity: c.polarity.rawValue, cue: nil, trigger: c.trigger,
                          value: [c.property, c.ratio.map { "x\($0)" }].compactMap { $0 }.joined(separator: " "), sentence: c.evidence.sentence)
            if let data = try? e.encode(row) { print(String(decoding: data, as: UTF8.self)) }
        }
    }

    static func jatsFiles(under path: String) -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { fail("\(path) does not exist") }
        guard isDir.boolValue else { return [path] }
        let e = FileManager.default.enumerator(atPath: path)
        var out: [String] = []
        while let f = e?.nextObject() as? String {
            if f.hasSuffix(".xml") || f.hasSuffix(".nxml") { out.append((path as NSString).appendingPathComponent(f)) }
        }
        return out.sorted()
    }
}
