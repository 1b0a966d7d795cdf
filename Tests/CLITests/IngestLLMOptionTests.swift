import Foundation
import Testing

/// `preflexor ingest --extractor llm` checks its configuration before touching the database.
@Suite struct IngestLLMOptionTests {
    @Test func extractorLLMWithoutTheURLNamesTheVariable() throws {
        let result = try CLI.run(["ingest", "--no-embed", "--extractor", "llm", "corpus"],
                                 environment: ["PREFLEXOR_LLM_URL": "", "PREFLEXOR_LLM_MODEL": ""])
        #expect(result.status != 0)
        #expect(result.stderr.contains("PREFLEXOR_LLM_URL"), "\(result.stderr)")
    }

    @Test func extractorLLMWithoutTheModelNamesTheVariable() throws {
        let result = try CLI.run(["ingest", "--no-embed", "--extractor", "llm", "corpus"],
                                 environment: ["PREFLEXOR_LLM_URL": "http://127.0.0.1:9/v1", "PREFLEXOR_LLM_MODEL": ""])
        #expect(result.status != 0)
        #expect(result.stderr.contains("PREFLEXOR_LLM_MODEL"), "\(result.stderr)")
    }

    @Test func helpListsTheLLMExtractor() throws {
        let result = try CLI.run(["ingest", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("--extractor <extractor>") && result.stdout.contains("values: embedded, llm"), "\(result.stdout)")
        #expect(result.stdout.contains("PREFLEXOR_LLM_URL"))
    }
}
