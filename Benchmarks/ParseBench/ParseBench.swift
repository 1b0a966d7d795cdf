import Foundation
import JATS
import Text

/// bench-parse: times `JATSParser` (and the chunker) over a folder of JATS files; see
/// scripts/bench-parse, which runs it beside pubmed_parser.
///
///     bench-parse DIR [--repeat N] [--chunk]   parse every .xml/.nxml under DIR, N times; print
///                                              the best run's throughput (--chunk: also
///                                              textBlocks() + Chunker with the default estimate)
///     bench-parse --outline FILE               print the parser's outline of one file
///     bench-parse --chunks FILE                print the chunks of one file
@main
struct ParseBench {
    static func main() throws {
        var args = Array(CommandLine.arguments.dropFirst())
        if args.count == 2, args[0] == "--outline" {
            print(try JATSParser().parse(fileAt: URL(fileURLWithPath: args[1])).outline(), terminator: "")
            return
        }
        if args.count == 2, args[0] == "--chunks" {
            let article = try JATSParser().parse(fileAt: URL(fileURLWithPath: args[1]))
            for c in try Chunker().chunk(blocks: textBlocks(article)) {
                print("#\(c.ordinal) [\(c.sectionPath.joined(separator: " > "))] \(c.kind.rawValue) tokens=\(c.tokenCount) range=\(c.range)")
                print("  " + c.text.replacingOccurrences(of: "\n", with: "\n  "))
            }
            return
        }
        var repeats = 1
        if let i = args.firstIndex(of: "--repeat"), i + 1 < args.count {
            repeats = Int(args[i + 1]) ?? 1
            args.removeSubrange(i...(i + 1))
        }
        let withChunks = args.contains("--chunk")
        args.removeAll { $0 == "--chunk" }
        guard let dir = args.first else {
            FileHandle.standardError.write(Data("usage: bench-parse DIR [--repeat N] [--chunk] | --outline FILE | --chunks FILE\n".utf8))
            exit(2)
        }
        let files = jatsFiles(under: URL(fileURLWithPath: dir))
        let datas = try files.map { try Data(contentsOf: $0) }
        let bytes = datas.reduce(0) { $0 + $1.count }
        let parser = JATSParser()
        let chunker = try Chunker()
        var failures = 0, paragraphs = 0, chunks = 0, overMax = 0
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            failures = 0; paragraphs = 0; chunks = 0; overMax = 0
            for (url, data) in zip(files, datas) {
                do {
                    let a = try parser.parse(data: data, source: url.path)
                    paragraphs += a.allParagraphs.count
                    if withChunks {
                        let cs = chunker.chunk(blocks: textBlocks(a))
                        chunks += cs.count
                        overMax += cs.filter { $0.tokenCount > chunker.config.maxTokens }.count
                    }
                } catch { failures += 1 }
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let mb = Double(bytes) / 1e6
        var line = String(format: "swift-jats%@: %d files, %.1f MB, best of %d: %.3f s, %.1f papers/s, %.2f MB/s, %d paragraphs, %d failed",
                          withChunks ? "+chunk" : "", files.count, mb, repeats, best, Double(files.count) / best, mb / best, paragraphs, failures)
        if withChunks { line += ", \(chunks) chunks, \(overMax) over maxTokens" }
        print(line)
    }

    /// The JATS -> Text mapping documented on `ArticleTextBlock`.
    static func textBlocks(_ article: Article) -> [TextBlock] {
        article.textBlocks().map {
            TextBlock(sectionPath: $0.sectionPath, sectionType: $0.sectionType,
                      kind: TextBlock.Kind(rawValue: $0.kind.rawValue)!, text: $0.text)
        }
    }

    static func jatsFiles(under dir: URL) -> [URL] {
        let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)
        var out: [URL] = []
        while let u = e?.nextObject() as? URL {
            if u.pathExtension == "xml" || u.pathExtension == "nxml" { out.append(u) }
        }
        return out.sorted { $0.path < $1.path }
    }
}
