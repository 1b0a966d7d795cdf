import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PreflexorTesting
import Store
import StoreTesting
import Testing

/// Counts elements of a GraphML document with a real XML parser (libxml2 under Foundation).
final class GraphMLCounter: NSObject, XMLParserDelegate {
    var nodes = 0, edges = 0, directed = false
    var predicates: [String: Int] = [:]
    private var inPredicate = false
    private var text = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "node": nodes += 1
        case "edge": edges += 1
        case "graph": directed = attributes["edgedefault"] == "directed"
        case "data": inPredicate = attributes["key"] == "d5"; text = ""
        default: break
        }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if inPredicate { text += string } }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "data", inPredicate { predicates[text, default: 0] += 1; inPredicate = false }
    }
}

@Suite struct GraphCLITests {
    @Test func graphCommandsAnswerAndExportsMatchTheSQLViews() async throws {
        try await TestDatabase.with { configuration in
            let env = ["DATABASE_URL": configuration.databaseURL!.fullString, "PREFLEXOR_READER_URL": configuration.readerURL!.fullString]
            let corpus = Fixtures.repositoryRoot.appendingPathComponent("corpus").path
            let ingest = try CLI.run(["ingest", "--no-embed", corpus], environment: env)
            #expect(ingest.status == 0, "\(ingest.stderr)")

            func count(_ sql: String) throws -> Int {
                let r = try CLI.run(["sql", "--csv", sql], environment: env)
                let last = r.stdout.split(whereSeparator: \.isNewline).last.map { $0.trimmingCharacters(in: .whitespaces) }
                return Int(last ?? "") ?? -1
            }
            let entities = try count("select count(*) from kg.entities")
            let edges = try count("select count(*) from kg.edges")
            #expect(entities > 50 && edges > 50)
            // Ingest stored communities for the new graph.
            #expect(try count("select count(*) from communities") > 1)

            let stats = try CLI.run(["graph", "stats", "--json"], environment: env)
            #expect(stats.status == 0, "\(stats.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
            let totals = object?["totals"] as? [String: Any] ?? [:]
            #expect(totals["entities"] as? Int == entities && totals["relations"] as? Int == edges, "\(totals)")
            #expect((object?["predicates"] as? [[String: Any]])?.contains { $0["predicate"] as? String == "CO_OCCURS" } == true)

            let neighbors = try CLI.run(["graph", "neighbors", "nacre", "--json"], environment: env)
            #expect(neighbors.status == 0, "\(neighbors.stderr)")
            let rows = try JSONSerialization.jsonObject(with: Data(neighbors.stdout.utf8)) as? [[String: Any]] ?? []
            #expect(rows.contains { ($0["name"] as? String) == "toughness" })

            let path = try CLI.run(["graph", "path", "nacre", "toughness"], environment: env)
            #expect(path.status == 0 && path.stdout.contains("toughness"), "\(path.stderr)")
            let evidence = try CLI.run(["graph", "evidence", "nacre", "toughness", "--format", "csv"], environment: env)
            #expect(evidence.status == 0 && evidence.stdout.contains("10.5555/preflexor.2024.0003"), "\(evidence.stderr)")
            // A quote in a name is data, not SQL; an unknown entity is a clear error.
            let unknown = try CLI.run(["graph", "neighbors", "no such entity'; drop table papers; --"], environment: env)
            #expect(unknown.status != 0)
            #expect(unknown.stderr.contains("no entity"), "\(unknown.stderr)")
            #expect(try count("select count(*) from papers") == 8)
            let badPredicate = try CLI.run(["graph", "neighbors", "nacre", "--predicate", "LIKES"], environment: env)
            #expect(badPredicate.status != 0 && badPredicate.stderr.contains("unknown predicate LIKES"))

            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pfx-export-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: dir) }
            let graphml = try CLI.run(["graph", "export", "--format", "graphml", "-o", dir.appendingPathComponent("g.graphml").path], environment: env)
            #expect(graphml.status == 0, "\(graphml.stderr)")
            let counter = GraphMLCounter()
            let parser = try #require(XMLParser(contentsOf: dir.appendingPathComponent("g.graphml")))
            parser.delegate = counter
            #expect(parser.parse(), "GraphML must be well-formed: \(String(describing: parser.parserError))")
            #expect(counter.nodes == entities && counter.edges == edges && counter.directed)
            #expect(counter.predicates.values.reduce(0, +) == edges)

            let json = try CLI.run(["graph", "export", "--format", "json"], environment: env)
            let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            #expect((doc?["nodes"] as? [Any])?.count == entities)
            #expect((doc?["links"] as? [Any])?.count == edges)

            let csv = try CLI.run(["graph", "export", "--format", "csv", "-o", dir.appendingPathComponent("csv").path], environment: env)
            #expect(csv.status == 0, "\(csv.stderr)")
            let nodeLines = try String(contentsOf: dir.appendingPathComponent("csv/nodes.csv"), encoding: .utf8).split(separator: "\n")
            let edgeLines = try String(contentsOf: dir.appendingPathComponent("csv/edges.csv"), encoding: .utf8).split(separator: "\n")
            #expect(nodeLines.count == entities + 1 && edgeLines.count == edges + 1)
            #expect(try CLI.run(["graph", "export", "--format", "csv"], environment: env).status != 0, "csv needs --output")

            // networkx from PyPI reads both exports with the same counts (scripts/test prepares it).
            let venv = Fixtures.repositoryRoot.appendingPathComponent(".preflexor/pyenv-networkx/bin/python")
            if FileManager.default.fileExists(atPath: venv.path) {
                let check = try CLI.runScript("scripts/check-graph-export", [CLI.binary.path], environment: env)
                #expect(check.status == 0, "\(check.stdout)\n\(check.stderr)")
            } else {
                print("SKIPPED: networkx check of the exports (no .preflexor/pyenv-networkx; scripts/test creates it)")
            }
        }
    }

    @Test func rebuildKeepsTheGraphAndReportsIt() async throws {
        try await TestDatabase.with { configuration in
            let env = ["DATABASE_URL": configuration.databaseURL!.fullString, "PREFLEXOR_READER_URL": configuration.readerURL!.fullString]
            let corpus = Fixtures.repositoryRoot.appendingPathComponent("corpus").path
            #expect(try CLI.run(["ingest", "--no-embed", corpus], environment: env).status == 0)
            let before = try CLI.run(["sql", "--csv", "select count(*) from kg.edges"], environment: env).stdout
            let rebuild = try CLI.run(["graph", "rebuild", "--no-embed", "--json"], environment: env)
            #expect(rebuild.status == 0, "\(rebuild.stderr)")
            let report = try JSONSerialization.jsonObject(with: Data(rebuild.stdout.utf8)) as? [String: Any]
            let stored = (report?["report"] as? [String: Any])?["stored"] as? [String: Any]
            #expect(stored?["papers"] as? Int == 8)
            #expect(try CLI.run(["sql", "--csv", "select count(*) from kg.edges"], environment: env).stdout == before)
            let communities = try CLI.run(["graph", "communities", "--top", "3"], environment: env)
            #expect(communities.status == 0 && communities.stdout.contains("(3 rows)"), "\(communities.stdout)\(communities.stderr)")
        }
    }
}

extension CLI {
    /// Runs a repository script with the environment plus `environment`.
    static func runScript(_ script: String, _ arguments: [String], environment: [String: String]) throws -> Result {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        return try run(executable: Fixtures.repositoryRoot.appendingPathComponent(script), arguments, environment: env)
    }
}
