import Foundation
import JATS
import Text

/// bench-parse: times `JATSParser` over a folder of JATS files (see scripts/bench-parse).
///
///     bench-parse DIR [--repeat N]     parse every .xml/.nxml under DIR N times, print throughput
///     bench-parse --outline FILE       print the parser's outline of one file
@main
struct ParseBench {
    static func main() throws {
        var args = Array(CommandLine.arguments.dropFirst())
        if args.first == "--outline", args.count == 2 {
            let article = try JATSParser().parse(fileAt: URL(fileURLWithPath: args[1]))
            print(article.outline(), terminator: "")
            return
        }
        var repeats = 1
        if let i = args.firstIndex(of: "--repeat"), i + 1 < args.count {
            repeats = Int(args[i + 1]) ?? 1
            args.removeSubrange(i...(i + 1))
        }
        guard let dir = args.first else {
            FileHandle.standardError.write(Data("usage: bench-parse DIR [--repeat N] | --outline FILE\n".utf8))
            exit(2)
        }
        let files = jatsFiles(under: URL(fileURLWithPath: dir))
        let datas = try files.map { try Data(contentsOf: $0) }
        let bytes = datas.reduce(0) { $0 + $1.count }
        let parser = JATSParser()
        var failures = 0, paragraphs = 0
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            failures = 0; paragraphs = 0
            for (url, data) in zip(files, datas) {
                do {
                    let a = try parser.parse(data: data, source: url.path)
                    paragraphs += a.allParagraphs.count
                } catch { failures += 1 }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            best = min(best, seconds)
        }
        let mb = Double(bytes) / 1e6
        print(String(format: "swift-jats: %d files, %.1f MB, best of %d: %.3f s, %.1f papers/s, %.1f MB/s, %d paragraphs, %d failed",
                     files.count, mb, repeats, best, Double(files.count) / best, mb / best, paragraphs, failures))
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
