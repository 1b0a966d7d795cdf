import ArgumentParser
import Foundation
import Retrieval
import Store

extension RetrievalMode: ExpressibleByArgument {}
extension TextRanking: ExpressibleByArgument {}

/// Retrieval settings shared by `search`, `eval qa` (and `ask`).
struct RetrievalTuning: ParsableArguments {
    @Option(name: .long, help: "Candidates per list before fusion.") var pool: Int?
    @Option(name: .long, help: "Fusion weight of the vector list.") var weightVector: Double?
    @Option(name: .long, help: "Fusion weight of the text list.") var weightText: Double?
    @Option(name: .long, help: "Fusion weight of the graph list.") var weightGraph: Double?
    @Option(name: .long, help: "Reciprocal rank fusion offset (score = weight / (offset + rank)).") var rrfK: Double?
    @Option(name: .long, help: "At most this many chunks of one paper (0: no cap).") var perPaperCap: Int?
    @Option(name: .long, help: "MMR trade-off, 1 = relevance only.") var mmr: Double?
    @Option(name: .long, help: "Ranking of the text list: cd (ts_rank_cd) or bm25.") var textRanking: TextRanking?
    @Option(name: .long, help: "Weight of the sentence-level re-ranker over the fused pool (hybrid; 0: fusion order).") var rerankWeight: Double?

    /// The defaults with the options given.
    func options(k: Int) -> RetrievalOptions {
        var o = RetrievalOptions()
        o.k = k
        if let pool { o.pool = pool } else { o.pool = max(o.pool, k) }
        if let weightVector { o.weights["vector"] = weightVector }
        if let weightText { o.weights["text"] = weightText }
        if let weightGraph { o.weights["graph"] = weightGraph }
        if let rrfK { o.rrfK = rrfK }
        if let perPaperCap { o.perPaperCap = perPaperCap }
        if let mmr { o.mmrLambda = mmr }
        if let textRanking { o.textRanking = textRanking }
        if let rerankWeight { o.rerankWeight = rerankWeight }
        return o
    }
}

/// `preflexor search "query"`: hybrid retrieval (vector, full text, graph) or one list.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find the chunks that answer a query: vector k-NN, full text and the entity graph, fused (hybrid) or alone.")

    @Argument(help: "What to look for, in plain words.") var query: String
    @Option(name: .long, help: "vector, text, graph or hybrid (default).") var mode: RetrievalMode = .hybrid
    @Option(name: .shortAndLong, help: "Number of results.") var k = 10
    @Option(name: .long, help: "Only this paper (id, DOI or PMCID); repeatable.") var paper: [String] = []
    @Option(name: .long, help: "Only sections of this type (introduction, methods, results, discussion, …); repeatable.")
    var section: [String] = []
    @Option(name: .long, help: "Only papers published in or after this year.") var from: Int?
    @Option(name: .long, help: "Only papers published in or before this year.") var to: Int?
    @Flag(name: .long, help: "Print the whole retrieval result as JSON (scores and ranks per list, graph provenance, entities, edges, paths, values, timings).")
    var json = false
    @OptionGroup var tuning: RetrievalTuning
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let configuration = try store.configuration()
        let encoder = try loadEncoder(home: configuration.home)
        let database = try await configuration.open()
        let result: RetrievalResult
        do {
            let retriever = try HybridRetriever(database: database, encoder: encoder, home: configuration.home, options: tuning.options(k: k))
            result = try await retriever.retrieve(query, mode: mode, k: k,
                                                  filter: ChunkFilter(papers: paper, sectionTypes: section, yearFrom: from, yearTo: to))
        } catch {
            await database.close()
            throw error
        }
        await database.close()
        if json {
            print(try jsonString(result))
            return
        }
        if !result.entities.isEmpty {
            print("entities: " + result.entities.map { "\($0.name) (\($0.type))" }.joined(separator: ", "))
        }
        for (i, c) in result.chunks.enumerated() {
            let id = c.doi.map { "doi:\($0)" } ?? "paper \(c.paperID)"
            let lists = ["vector", "text", "graph"].compactMap { name in c.ranks[name].map { "\(name) #\($0)" } }.joined(separator: ", ")
            print(String(format: "%2d. %.4f  %@", i + 1, c.fused, c.title))
            print("    \(id) · \(c.section) · chunk \(c.chunkID) · \(lists)")
            if let g = c.graph, !g.entities.isEmpty || !g.edges.isEmpty {
                let edges = g.edges.prefix(2).map { "\($0.source) \($0.predicate) \($0.target)" }
                print("    graph: " + (g.entities + edges).joined(separator: "; "))
            }
            let text = c.text.count > 300 ? String(c.text.prefix(300)) + "…" : c.text
            print("    " + text.replacingOccurrences(of: "\n", with: " "))
        }
        let order = ["refresh", "embed", "vector", "text", "graph", "fuse", "total"]
        printError(order.compactMap { key in result.timings[key].map { String(format: "%@ %.0f ms", key, $0) } }.joined(separator: ", "))
    }
}
