import Foundation
import LoopbackTesting
import Graph
import Ingest
import OpenAICompatible
import PostgresNIO
import PreflexorTesting
import Store
import StoreTesting
import Testing

/// One integer from SQL.
func count(_ database: Database, _ sql: String) async throws -> Int {
    for try await n in try await database.client.query(PostgresQuery(unsafeSQL: sql)).decode(Int.self) { return n }
    return -1
}

/// The chunk text of an extraction prompt (between the triple quotes of the user message).
func chunkText(_ request: LoopbackServer.Request) -> String? {
    guard let user = request.message("user"), let open = user.range(of: "Text:\n\"\"\"\n"),
          let close = user.range(of: "\n\"\"\"", options: .backwards), open.upperBound <= close.lowerBound else { return nil }
    return String(user[open.upperBound..<close.lowerBound])
}

/// A JSON triple.
func triple(_ s: String, _ p: String, _ t: String, _ sentence: String) -> String {
    let o = ["source": s, "source_type": "material", "predicate": p, "target": t, "target_type": "application", "sentence": sentence]
    return String(decoding: try! JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]), as: UTF8.self)
}

/// The first 60 characters of the chunk's first sentence (split at ". ") that has no negation
/// or hedge word: a fragment the extractor must widen to the whole sentence. (A sentence with
/// "not" or "may" would make the relation negated or hedged, which counts in no weight.)
func quotable(_ chunk: String) -> String? {
    // Negation and hedge cues (a hedged sentence is stored, but not counted in the weight).
    let negations: Set<String> = ["not", "no", "never", "without", "cannot", "neither", "nor", "fail", "fails", "failed", "unable", "hardly",
                                  "lack", "absence", "may", "might", "could", "possibly", "probably", "likely", "suggest", "suggests",
                                  "suggested", "appear", "appears", "seem", "seems", "putative", "potentially", "perhaps", "whether",
                                  "hypothesis", "hypothesize", "hypothesized", "proposed", "indicate", "indicates", "imply", "implies", "if",
                                  "possible", "suggesting", "suggestive", "appeared", "seemed", "unlikely", "presumably", "speculate",
                                  "speculated", "propose", "probable", "putatively", "implied", "conceivably", "plausibly", "hypothesised", "hypothesise"]
    for sentence in chunk.components(separatedBy: ". ") where sentence.count >= 20 {
        let words = sentence.lowercased().split { !$0.isLetter && $0 != "'" }.map(String.init)
        if !words.contains(where: { negations.contains($0) || $0.hasSuffix("n't") }) { return String(sentence.prefix(60)) }
    }
    return nil
}

/// An endpoint that answers every chunk with one valid triple quoting `quotable(chunk)` and one
/// with a predicate that is not allowed, in a ```json fence.
let validScript: LoopbackServer.Script = { request, _ in
    guard let text = chunkText(request) else { return .error(400, "no chunk in the prompt") }
    guard let fragment = quotable(text) else { return .chat("[]") }
    return .chat("```json\n[" + triple("scripted material", "USED_FOR", "scripted use", fragment) + ","
                 + triple("scripted material", "CONTAINS", "scripted part", fragment) + "]\n```")
}

/// The LLM extractor end to end: loopback endpoint, PostgreSQL cache, the paper's transaction.
@Suite struct LLMIngestTests {
    static let corpus = Fixtures.repositoryRoot.appendingPathComponent("corpus")
    /// SQL condition on `s.normalized_type`: a chunk the extractors read.
    static let readable = "coalesce(s.normalized_type, '') NOT IN ("
        + GraphExtractor.administrativeSections.sorted().map { "'\($0)'" }.joined(separator: ", ") + ")"

    static func pipeline(_ database: Database, _ server: LoopbackServer, attempts: Int = 2) throws -> IngestPipeline {
        let configuration = try ChatClient.Configuration(
            baseURL: server.baseURL, model: "test-model", timeout: .seconds(60), maxAttempts: attempts,
            initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(20))
        return try IngestPipeline(database: database, encoder: nil,
                                  options: .init(embed: false, graph: true, concurrency: 2, extractor: .llm(configuration)))
    }

    /// A copy of a corpus file in a fresh folder (to change it without touching the corpus).
    static func copy(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("llm-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try FileManager.default.copyItem(at: corpus.appendingPathComponent(name), to: url)
        return url
    }

    @Test func validRepliesAreStoredWithEvidenceAndAChangedFileHitsTheCache() async throws {
        try await TestDatabase.withDatabase { database, _ in
            try await LoopbackServer.with(validScript) { server in
                let file = try Self.copy("bone.xml")
                let pipeline = try Self.pipeline(database, server)
                let first = await pipeline.run(files: [file])
                #expect(first.failed == 0 && first.inserted == 1, "\(first.results.compactMap(\.error))")
                // Chunks of administrative sections (the acknowledgements) are not read.
                let chunks = try await count(database, "SELECT count(*)::int FROM chunks c LEFT JOIN sections s ON s.id = c.section_id WHERE \(Self.readable)")
                #expect(chunks > 1)
                #expect(try await count(database, "SELECT count(*)::int FROM chunks") > chunks, "bone.xml has acknowledgements")
                // One request per chunk; a loaded machine may time out and retry one (seen in CI:
                // 19 requests for 17 chunks), so the exact count is the distinct prompts.
                let firstRun = server.requestCount
                #expect(firstRun >= chunks, "one request per chunk")
                #expect(Set(server.requests.map(\.body)).count == chunks, "one distinct prompt per chunk")
                #expect(try await count(database, "SELECT count(*)::int FROM llm_cache") == chunks)
                #expect(try await count(database, "SELECT count(*)::int FROM llm_cache WHERE model = 'test-model'") == chunks)

                // The valid triple: one relation, evidenced by a sentence of every chunk.
                let edge = """
                    SELECT r.weight FROM relations r JOIN entities s ON s.id = r.source_id JOIN entities t ON t.id = r.target_id
                    WHERE s.key = 'scripted material' AND r.predicate = 'USED_FOR' AND t.key = 'scripted use'
                    """
                var quoted = 0
                for try await (text,) in try await database.client.query(
                    "SELECT c.text FROM chunks c LEFT JOIN sections s ON s.id = c.section_id WHERE \(unescaped: Self.readable)").decode((String,).self)
                where quotable(text) != nil { quoted += 1 }
                #expect(quoted >= chunks - 2)
                let weight = try await count(database, edge)
                #expect(weight == quoted)
                #expect(try await count(database, "SELECT count(*)::int FROM entities WHERE key = 'scripted material' AND type = 'material'") == 1)
                #expect(try await count(database, "SELECT count(*)::int FROM entity_aliases WHERE source = 'llm'") >= 2)
                let outside = try await count(database, """
                    SELECT count(*)::int FROM relation_evidence e JOIN chunks c ON c.id = e.chunk_id
                    WHERE substr(c.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) <> e.sentence
                    """)
                #expect(outside == 0, "evidence is the chunk's own text at its offsets")
                // The predicate that is not allowed was dropped; the embedded graph is there too.
                #expect(try await count(database, "SELECT count(*)::int FROM relations WHERE predicate = 'CONTAINS'") == 0)
                #expect(try await count(database, "SELECT count(*)::int FROM entities WHERE key = 'scripted part'") == 0)
                #expect(try await count(database, "SELECT count(*)::int FROM relations WHERE predicate <> 'USED_FOR'") > 0)
                #expect(try await count(database, "SELECT count(*)::int FROM entities WHERE key = 'collagen'") == 1)

                // A changed file (same DOI, same chunks): replaced, every chunk answered by the cache.
                let data = try Data(contentsOf: file)
                try (data + Data("\n<!-- changed -->\n".utf8)).write(to: file)
                let second = await pipeline.run(files: [file])
                #expect(second.replaced == 1 && second.failed == 0, "\(second.results.compactMap(\.error))")
                #expect(server.requestCount == firstRun, "no new requests: the cache answered")
                let again = try await count(database, edge)
                #expect(again == quoted)
                #expect(try await count(database, "SELECT count(*)::int FROM llm_cache") == chunks)
            }
        }
    }

    /// `graph rebuild` with the LLM extractor keeps the LLM's relations, from the cache alone.
    @Test func rebuildWithTheLLMExtractorKeepsItsRelationsFromTheCache() async throws {
        try await TestDatabase.withDatabase { database, _ in
            try await LoopbackServer.with(validScript) { server in
                let file = try Self.copy("bone.xml")
                #expect(await (try Self.pipeline(database, server)).run(files: [file]).failed == 0)
                let requests = server.requestCount
                let edge = """
                    SELECT count(*)::int FROM relations r JOIN entities s ON s.id = r.source_id
                    WHERE s.key = 'scripted material' AND r.predicate = 'USED_FOR'
                    """
                #expect(try await count(database, edge) == 1)
                let configuration = try ChatClient.Configuration(baseURL: server.baseURL, model: "test-model", timeout: .seconds(60))
                let stage = try GraphStage.embedded()
                let llm = LLMGraphStage(client: ChatClient(configuration: configuration), lexicon: stage.extractor.lexicon)
                let report = try await GraphBuilder(database: database, stage: stage, termEmbedder: nil, llm: llm).rebuild()
                #expect(report.stored.papers == 1)
                #expect(try await count(database, edge) == 1)
                #expect(server.requestCount == requests, "the rebuild asked the endpoint again")
                // Without the LLM the rebuild keeps only what the embedded extractor finds.
                _ = try await GraphBuilder(database: database, stage: stage, termEmbedder: nil).rebuild()
                #expect(try await count(database, edge) == 0)
            }
        }
    }

    @Test func aReplyThatIsNotAJSONArrayFailsThePaperNamingTheChunk() async throws {
        try await TestDatabase.withDatabase { database, _ in
            try await LoopbackServer.with({ _, _ in .chat("I am sorry, I cannot extract triples from this text.") }) { server in
                let pipeline = try Self.pipeline(database, server)
                let report = await pipeline.run(files: [Self.corpus.appendingPathComponent("keratin.xml")])
                #expect(report.failed == 1)
                let error = report.results.first?.error ?? ""
                #expect(error.contains("the LLM reply for chunk ") && error.contains("is not a JSON array of triples"), "\(error)")
                #expect(error.contains("I am sorry, I cannot extract"), "the reply is quoted")
                #expect(try await count(database, "SELECT count(*)::int FROM papers") == 0, "nothing of the paper is stored")
                #expect(try await count(database, "SELECT count(*)::int FROM llm_cache") == 0, "a malformed reply is not cached")
            }
        }
    }

    @Test func aFailingEndpointForOnePaperFailsOnlyThatPaper() async throws {
        let marked = try Self.copy("bone.xml")
        let text = try String(contentsOf: marked, encoding: .utf8)
        try text.replacingOccurrences(of: "<p>", with: "<p>Zyxquor marks this paper. ", options: [], range: nil)
            .write(to: marked, atomically: true, encoding: .utf8)
        try await TestDatabase.withDatabase { database, _ in
            let script: LoopbackServer.Script = { request, n in
                (chunkText(request) ?? "").contains("Zyxquor") ? .error(400, "this prompt is refused") : validScript(request, n)
            }
            try await LoopbackServer.with(script) { server in
                let other = Self.corpus.appendingPathComponent("keratin.xml")
                let pipeline = try Self.pipeline(database, server)
                let report = await pipeline.run(files: [marked, other])
                #expect(report.failed == 1 && report.inserted == 1)
                let failed = try #require(report.results.first { $0.status == .failed })
                #expect(failed.path == marked.path)
                #expect(failed.error?.contains("answered 400 Bad Request: this prompt is refused") == true, "\(failed.error ?? "")")
                #expect(try await count(database, "SELECT count(*)::int FROM papers") == 1)
                #expect(try await count(database, "SELECT count(*)::int FROM relations WHERE predicate = 'USED_FOR'") >= 1)
            }
        }
    }

    @Test func theLLMCacheRepositoryGetsAndPuts() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let cache = LLMCacheRepository(database)
            let sha = String(repeating: "ab", count: 32)
            #expect(try await cache.get(promptSHA256: sha) == nil)
            try await cache.put(promptSHA256: sha, model: "m1", response: "[]")
            try await cache.put(promptSHA256: sha, model: "m2", response: "[1]")
            let entry = try #require(try await cache.get(promptSHA256: sha))
            #expect(entry.model == "m2" && entry.response == "[1]")
            #expect(try await cache.count() == 1)
            await #expect(throws: StoreError.self) { try await cache.get(promptSHA256: "ABC") }
        }
    }

    @Test func theCacheKeyCoversModelAndMessages() throws {
        let a = ChatRequest(model: "m", messages: [.system("s"), .user("u")])
        var b = a
        b.model = "other"
        let key = try LLMGraphStage.sha256(of: a)
        #expect(key.count == 64 && key == key.lowercased())
        #expect(try LLMGraphStage.sha256(of: a) == key)
        #expect(try LLMGraphStage.sha256(of: b) != key)
    }

    @Test func configurationWithoutAURLNamesTheVariable() {
        do {
            _ = try LLMGraphStage.configuration(environment: ["PREFLEXOR_LLM_MODEL": "m"])
            Issue.record("expected an error")
        } catch let error as IngestError {
            #expect(error.code == .configuration && error.message.contains("PREFLEXOR_LLM_URL"))
        } catch {
            Issue.record("\(error)")
        }
    }
}
