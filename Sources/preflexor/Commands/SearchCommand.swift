import ArgumentParser
import Crypto
import Foundation
import Retrieval
import Store

/// `preflexor search "query"`: nearest chunks by meaning.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find the chunks closest in meaning to a query (exact k-NN over the stored embeddings).")

    @Argument(help: "What to look for, in plain words.") var query: String
    @Option(name: .shortAndLong, help: "Number of results.") var k = 10
    @Option(name: .long, help: "Only this paper (id, DOI or PMCID); repeatable.") var paper: [String] = []
    @Option(name: .long, help: "Only sections of this type (introduction, methods, results, discussion, …); repeatable.")
    var section: [String] = []
    @Option(name: .long, help: "Only papers published in or after this year.") var from: Int?
    @Option(name: .long, help: "Only papers published in or before this year.") var to: Int?
    @Flag(name: .long, help: "Print JSON.") var json = false
    @OptionGroup var store: StoreOptions

    struct Hit: Encodable {
        var rank: Int, score: Float, chunk: ChunkContext
    }

    func run() async throws {
        let configuration = try store.configuration()
        let encoder = try loadEncoder(home: configuration.home)
        let database = try await configuration.open()
        let hits: [(score: Float, chunk: ChunkContext)]
        let timing: (load: Double, search: Double)
        do {
            let urlHash = SHA256.hash(data: Data(database.url.description.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
            let search = VectorSearch(
                database: database, encoder: encoder,
                cacheDirectory: configuration.home.appendingPathComponent("cache/\(urlHash)"))
            let t0 = Date()
            try await search.refresh()
            let t1 = Date()
            hits = try await search.search(query, k: k, filter: ChunkFilter(papers: paper, sectionTypes: section, yearFrom: from, yearTo: to))
            timing = (t1.timeIntervalSince(t0), Date().timeIntervalSince(t1))
        } catch {
            await database.close()
            throw error
        }
        await database.close()
        if json {
            print(try jsonString(hits.enumerated().map { Hit(rank: $0.offset + 1, score: $0.element.score, chunk: $0.element.chunk) }))
            return
        }
        for (i, hit) in hits.enumerated() {
            let c = hit.chunk
            let id = c.doi.map { "doi:\($0)" } ?? "paper \(c.paperID)"
            print(String(format: "%2d. %.3f  %@ (%@)", i + 1, hit.score, c.title, c.year.map(String.init) ?? "n.d."))
            print("    \(id) · \(c.section ?? c.kind)")
            let text = c.text.count > 300 ? String(c.text.prefix(300)) + "…" : c.text
            print("    " + text.replacingOccurrences(of: "\n", with: " "))
        }
        printError(String(format: "index load %.0f ms, search %.0f ms", timing.load * 1000, timing.search * 1000))
    }
}
