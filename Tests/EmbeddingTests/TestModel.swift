import Embedding
import Foundation
import PreflexorTesting
import Testing

/// Where the tests find all-MiniLM-L6-v2: `$PREFLEXOR_MODEL_DIR`, else `<repo>/.preflexor/models/all-MiniLM-L6-v2`.
///
/// When the model is absent the model tests are skipped with a loud notice, except under
/// `CI=true`, where they run and fail with the fetch instruction.
enum TestModel {
    static let directory: URL = {
        if let dir = ProcessInfo.processInfo.environment["PREFLEXOR_MODEL_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        return ModelFiles.modelDirectory(home: Fixtures.repositoryRoot.appendingPathComponent(".preflexor"))
    }()

    static let isPresent = FileManager.default.fileExists(atPath: directory.appendingPathComponent("model.safetensors").path)
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// True when the model tests should run (model present, or CI where absence must fail).
    static var enabled: Bool {
        if isPresent || isCI { return true }
        notice
        return false
    }

    private static let notice: Void = {
        let line = String(repeating: "!", count: 78)
        FileHandle.standardError.write(Data("""
        \(line)
        !! SKIPPED: the all-MiniLM-L6-v2 model was not found at \(directory.path).
        !! Tokenizer/encoder parity tests did NOT run. Fetch it with `preflexor models fetch`
        !! (or set PREFLEXOR_MODEL_DIR). Under CI=true these tests fail instead.
        \(line)

        """.utf8))
    }()

    /// The model folder, or an error that says how to fetch it.
    static func require() throws -> URL {
        guard isPresent else {
            throw EmbeddingError(.modelMissing, "model not found at \(directory.path); run `preflexor models fetch` or set PREFLEXOR_MODEL_DIR")
        }
        return directory
    }
}

/// The committed reference (scripts/embedding_reference.py): token ids and embeddings per text.
struct Reference: Decodable {
    struct Item: Decodable {
        let text: String
        let ids: [Int32]
        let embedding: [Float]
    }
    let maxSeqLength: Int
    let texts: [Item]

    enum CodingKeys: String, CodingKey {
        case maxSeqLength = "max_seq_length"
        case texts
    }

    static func load() throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Fixtures.data("Embedding", "reference.json"))
    }
}
