import ArgumentParser
import Embedding
import Foundation
import Graph
import Ingest
import OpenAICompatible
import Store

/// `preflexor graph …`: look at, export and rebuild the knowledge graph.
struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Inspect, export or rebuild the entity graph.",
        discussion: """
            The read commands run the kg SQL functions (docs/sql.md) as the read-only role, so they \
            print what `preflexor sql` or psql would. Entity names are matched like kg.resolve does: \
            exact name, then key, alias or abbreviation, case-insensitive.
            """,
        subcommands: [Stats.self, Search.self, Neighbors.self, Path.self, Evidence.self, Comparisons.self, Export.self, Rebuild.self, Communities.self])

    /// Output choice shared by the read commands.
    struct Output: ParsableArguments {
        @Option(name: .long, help: "Output format.") var format: OutputFormat = .table
        @Flag(name: .long, help: "Print JSON (same as --format json).") var json = false

        func print(_ result: QueryResult) {
            switch json ? .json : format {
            case .table: Swift.print(result.renderTable())
            case .json: Swift.print(result.renderJSON())
            case .csv: Swift.print(result.renderCSV(), terminator: "")
            }
        }
    }

    /// Runs read-only queries after making sure the schema is migrated, all over one reader pool.
    static func query(_ queries: [BoundQuery], _ store: StoreOptions) async throws -> [QueryResult] {
        let configuration = try store.configuration()
        let owner = try await configuration.open()
        await owner.close()
        let session = try await ReaderSession(configuration: configuration)
        do {
            var results: [QueryResult] = []
            for q in queries { results.append(try await session.run(q)) }
            await session.close()
            return results
        } catch {
            await session.close()
            throw error
        }
    }

    /// One read-only query (`query(_:_:)` for one).
    static func query(_ query: BoundQuery, _ store: StoreOptions) async throws -> QueryResult {
        try await self.query([query], store)[0]
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Counts of entities, relations and evidence, by type and predicate.")
        @Option(name: .long, help: "Most connected entities to list.") var top = 10
        @Flag(name: .long, help: "Print one JSON object.") var json = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let results = try await GraphCommand.query(
                [GraphQueries.totals, GraphQueries.entityTypes, GraphQueries.predicates, GraphQueries.topEntities(top)], store)
            let (totals, types, predicates, hubs) = (results[0], results[1], results[2], results[3])
            if json {
                // Counts as JSON numbers: {"totals": {"papers": 8, …}, "entity_types": [{"type": …, "entities": 65, …}], …}
                func rows(_ r: QueryResult) -> [[String: Any]] {
                    r.rows.map { row in
                        var object: [String: Any] = [:]
                        for (column, value) in zip(r.columns, row) {
                            object[column] = value.flatMap { Int($0) }.map { $0 as Any } ?? value.map { $0 as Any } ?? NSNull()
                        }
                        return object
                    }
                }
                var totalsObject: [String: Any] = [:]
                for row in totals.rows where row.count == 2 { totalsObject[row[0] ?? ""] = row[1].flatMap { Int($0) } ?? 0 }
                let document: [String: Any] = ["totals": totalsObject, "entity_types": rows(types), "predicates": rows(predicates), "top_entities": rows(hubs)]
                let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
                return
            }
            for (title, result) in [("Totals", totals), ("Entities by type", types), ("Relations by predicate", predicates),
                                    ("Most connected entities", hubs)] {
                print(title)
                print(result.renderTable())
                print("")
            }
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Find entities by name, alias or a misspelling (kg.search_entities).")
        @Argument(help: "Text to look for, e.g. \"colagen\".") var text: String
        @Option(name: .long, help: "At most this many entities.") var limit = 20
        @OptionGroup var output: Output
        @OptionGroup var store: StoreOptions
        func run() async throws { output.print(try await GraphCommand.query(try GraphQueries.search(text, limit: limit), store)) }
    }

    struct Neighbors: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Entities related to one entity, up to a depth (kg.neighbors).")
        @Argument(help: "Entity name, alias or abbreviation, e.g. \"hydroxyapatite\" or \"HAp\".") var entity: String
        @Option(name: .long, help: "Hops to follow (1-4).") var depth = 1
        @Option(name: .long, help: "Only these predicates (repeatable), e.g. --predicate INCREASES.") var predicate: [String] = []
        @Option(name: .long, help: "At most this many rows.") var limit = 200
        @Flag(name: .long, help: "Also follow relations that papers only deny or hedge (shows their negated and hedged sentence counts).") var all = false
        @OptionGroup var output: Output
        @OptionGroup var store: StoreOptions
        func validate() throws {
            guard (1...4).contains(depth) else { throw ValidationError("--depth must be between 1 and 4") }
            let known = Set(RelationPredicate.allCases.map(\.rawValue))
            for p in predicate where !known.contains(p.uppercased()) {
                throw ValidationError("unknown predicate \(p); one of \(known.sorted().joined(separator: ", "))")
            }
        }
        func run() async throws {
            output.print(try await GraphCommand.query(try GraphQueries.neighbors(entity, depth: depth, predicates: predicate, limit: limit, includeUnasserted: all), store))
        }
    }

    struct Path: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A shortest chain of relations between two entities (kg.shortest_path).")
        @Argument(help: "From this entity.") var from: String
        @Argument(help: "To this entity.") var to: String
        @Option(name: .long, help: "Longest path to look for (1-6).") var maxDepth = 4
        @Flag(name: .long, help: "Also walk relations that papers only deny or hedge.") var all = false
        @OptionGroup var output: Output
        @OptionGroup var store: StoreOptions
        func validate() throws {
            guard (1...6).contains(maxDepth) else { throw ValidationError("--max-depth must be between 1 and 6") }
        }
        func run() async throws {
            let result = try await GraphCommand.query(try GraphQueries.path(from, to, maxDepth: maxDepth, includeUnasserted: all), store)
            if result.rows.isEmpty && !output.json && output.format == .table {
                printError("no path of at most \(maxDepth) relations between \"\(from)\" and \"\(to)\"")
                throw ExitCode(1)
            }
            output.print(result)
        }
    }

    struct Evidence: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The sentences that state, deny or hedge relations between two entities, with DOI and section (kg.evidence).")
        @Argument(help: "One entity.") var source: String
        @Argument(help: "The other entity.") var target: String
        @Option(name: .long, help: "At most this many sentences.") var limit = 50
        @OptionGroup var output: Output
        @OptionGroup var store: StoreOptions
        func run() async throws {
            output.print(try await GraphCommand.query(try GraphQueries.evidence(source, target, limit: limit), store))
        }
    }

    struct Comparisons: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Statements that compare two entities on a property, e.g. \"stiffer than\" (kg.comparisons).")
        @Argument(help: "Only this property, e.g. \"toughness\"; all when omitted.") var property: String?
        @Option(name: .long, help: "At most this many rows.") var limit = 200
        @OptionGroup var output: Output
        @OptionGroup var store: StoreOptions
        func run() async throws {
            output.print(try await GraphCommand.query(try GraphQueries.comparisons(property, limit: limit), store))
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the entity graph as GraphML, CSV or node-link JSON.",
            discussion: """
                GraphML and JSON go to --output or standard output; CSV needs --output, a folder that \
                receives nodes.csv and edges.csv. Node ids are e<entity id>, edge ids r<relation id>; the \
                graph is directed with parallel edges (one per predicate), as in kg.entities and kg.edges.
                """)
        @Option(name: .long, help: "graphml, csv or json.") var format: String = "graphml"
        @Option(name: [.short, .long], help: "File (folder for csv) to write; default standard output.") var output: String?
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard let f = GraphExportFormat(rawValue: format.lowercased()) else {
                throw ValidationError("unknown format \(format); one of graphml, csv, json")
            }
            if f == .csv && output == nil { throw ValidationError("--format csv writes two files: give a folder with --output") }
        }

        func run() async throws {
            let database = try await store.configuration().open()
            let snapshot: GraphSnapshot
            do { snapshot = try await GraphRepository(database).graphSnapshot() } catch { await database.close(); throw error }
            await database.close()
            switch GraphExportFormat(rawValue: format.lowercased())! {
            case .graphml: try write(snapshot.graphML(), to: output)
            case .json: try write(try snapshot.nodeLinkJSON(), to: output)
            case .csv:
                let folder = URL(fileURLWithPath: output!)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let (nodes, edges) = snapshot.csvTables()
                try write(nodes, to: folder.appendingPathComponent("nodes.csv").path)
                try write(edges, to: folder.appendingPathComponent("edges.csv").path)
            }
            printError("\(snapshot.entities.count) nodes, \(snapshot.edges.count) edges")
        }

        func write(_ text: String, to path: String?) throws {
            guard let path else { FileHandle.standardOutput.write(Data(text.utf8)); return }
            let url = URL(fileURLWithPath: path)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .atomic)
            } catch {
                throw ValidationError("cannot write \(path): \(error.localizedDescription)")
            }
        }
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild the whole graph from the stored chunks, merging entities across papers.",
            discussion: """
                Re-extracts every paper, resolves entities across all papers (same normalised key; then \
                names of compatible types whose embeddings have cosine >= --threshold, never two \
                lexicon terms), writes merges and graph in one transaction (readers see the old graph \
                until it commits), then recomputes communities and fills in entity embeddings. Later \
                ingests apply the same merges. Running it twice gives the same graph.
                """)
        @Option(name: .long, help: "Cosine similarity for merging entity names across papers.") var threshold = EntityResolver.defaultThreshold
        @Flag(name: .long, help: "Merge by normalised key only (no embedding model needed).") var noEmbed = false
        @Option(name: .long, help: "Graph extractor, as for ingest: embedded, or llm (cached replies are reused; see `ingest --help`).")
        var extractor: IngestCommand.ExtractorName = .embedded
        @Flag(name: .long, help: "Print a JSON report.") var json = false
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard threshold > 0, threshold <= 1 else { throw ValidationError("--threshold must be in (0, 1]") }
            if extractor == .llm {
                do { _ = try LLMGraphStage.configuration() } catch let error as IngestError { throw ValidationError(error.message) }
            }
        }

        func run() async throws {
            let configuration = try store.configuration()
            let encoder = noEmbed ? nil : try loadEncoder(home: configuration.home)
            let database = try await configuration.open()
            do {
                let stage = try GraphStage.embedded()
                let llm = extractor == .llm
                    ? LLMGraphStage(client: ChatClient(configuration: try LLMGraphStage.configuration()), lexicon: stage.extractor.lexicon) : nil
                let builder = try GraphBuilder(database: database, stage: stage,
                                               termEmbedder: encoder.map(EncoderTermEmbedder.init), threshold: threshold, llm: llm)
                let bars = PhaseBars()
                let report = try await builder.rebuild { phase, done, total in bars.update(phase.rawValue, done, total) }
                var embedded = 0
                if let encoder {
                    embedded = try await GraphBuilder.embedEntities(database: database, encoder: encoder) { done, total in
                        bars.update("entity embeddings", done, total)
                    }
                }
                await database.close()
                if json {
                    struct Out: Encodable { var report: GraphBuilder.RebuildReport; var entityEmbeddings: Int }
                    print(try jsonString(Out(report: report, entityEmbeddings: embedded)))
                } else {
                    let s = report.stored
                    printError(String(
                        format: "%d papers: %d entities (%d merged across papers), %d relations, %d evidence sentences, %d property values, %d communities, %d entity embeddings; extraction %.1f s, resolution %.1f s, write %.1f s",
                        s.papers, s.entities, s.merges, s.relations, s.evidence, s.propertyValues, report.communities, embedded,
                        report.extractionSeconds, report.resolutionSeconds, report.writeSeconds))
                }
            } catch {
                await database.close()
                throw error
            }
        }
    }

    struct Communities: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recompute Louvain communities of the stored graph and list the largest.")
        @Option(name: .long, help: "Communities to list.") var top = 10
        @Flag(name: .long, help: "Print JSON.") var json = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let database = try await store.configuration().open()
            let listed: [(community: CommunityRecord, size: Int)]
            do {
                try await GraphBuilder.detectCommunities(database: database)
                listed = Array(try await GraphRepository(database).communities().prefix(top))
            } catch { await database.close(); throw error }
            await database.close()
            if json {
                struct Row: Encodable { var id: Int; var size: Int; var summary: CommunityRecord }
                print(try jsonString(listed.map { Row(id: $0.community.id, size: $0.size, summary: $0.community) }))
                return
            }
            let result = QueryResult(
                columns: ["community", "entities", "top entities", "top relation"],
                rows: listed.map { c in
                    let r = c.community.topRelations.first.map { "\($0.source) \($0.predicate) \($0.target)" }
                    return ["\(c.community.id)", "\(c.size)", c.community.topEntities.prefix(5).map(\.name).joined(separator: ", "), r]
                })
            print(result.renderTable())
        }
    }
}

/// One progress bar per phase of a long job; a plain line when a phase starts off a terminal.
final class PhaseBars: @unchecked Sendable {
    private let lock = NSLock()
    private var bars: [String: (bar: ProgressBar, start: Date)] = [:]

    func update(_ phase: String, _ done: Int, _ total: Int) {
        lock.lock()
        let isNew = bars[phase] == nil
        if isNew { bars[phase] = (ProgressBar(label: phase), Date()) }
        let (bar, start) = bars[phase]!
        lock.unlock()
        guard total > 0 else { if isNew { printError(phase) }; return }
        bar.update(done: done, total: total, elapsed: Date().timeIntervalSince(start), line: isNew ? phase : nil)
    }
}
