import Foundation
import PreflexorTesting
import Testing

/// The native model's commands as a user runs them, without a database: tokenizer train on a
/// text file, model init, train sft|orpo|dpo (a few steps of a tiny model), generate --chat,
/// export trl, and the --max-length checks.
@Suite struct LanguageModelCLITests {
    static let text = """
        Bone is a hierarchical composite of collagen fibrils and hydroxyapatite mineral. Mineral content increases \
        the stiffness of bone and decreases its toughness. Nacre is built from aragonite tablets bonded by a thin \
        organic layer; crack deflection at the tablet interfaces raises its fracture toughness. Spider silk owes \
        its strength to beta-sheet nanocrystals embedded in an amorphous matrix.
        """

    static func pairsJSONL() -> String {
        let rows = [
            ("How does mineral content affect the stiffness of bone? Use <|thinking|>.",
             "<|thinking|>\n**Knowledge Graph**: [mineral content] -[INCREASES]-> [stiffness]\n<|/thinking|>\nMineral content increases the stiffness of bone [1].",
             "Bone is soft."),
            ("What raises the fracture toughness of nacre? Use <|thinking|>.",
             "<|thinking|>\n**Reasoning Steps**: crack deflection at tablet interfaces\n<|/thinking|>\nCrack deflection at the tablet interfaces [1].",
             "Nacre is a metal."),
            ("What gives spider silk its strength? Use <|thinking|>.",
             "<|thinking|>\n**Knowledge Graph**: [beta-sheet nanocrystals] -[INCREASES]-> [strength]\n<|/thinking|>\nBeta-sheet nanocrystals [1].",
             "Silk has no structure."),
        ]
        return rows.map { p, c, r in
            let obj = ["prompt": p, "chosen": c, "rejected": r]
            return String(decoding: try! JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys]), as: UTF8.self)
        }.joined(separator: "\n") + "\n"
    }

    @Test(.timeLimit(.minutes(10)))
    func tokenizerModelTrainGenerateExport() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pfx-lm-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let textFile = dir.appendingPathComponent("corpus.txt")
        try Self.text.write(to: textFile, atomically: true, encoding: .utf8)
        let pairs = dir.appendingPathComponent("pairs.jsonl")
        try Self.pairsJSONL().write(to: pairs, atomically: true, encoding: .utf8)

        // tokenizer train
        let tok = try CLI.run(["tokenizer", "train", "--vocab-size", "320", "--out", dir.appendingPathComponent("tok").path, textFile.path])
        #expect(tok.status == 0, "\(tok.stderr)")
        let tokenizerJSON = dir.appendingPathComponent("tok/tokenizer.json")
        #expect(FileManager.default.fileExists(atPath: tokenizerJSON.path))

        // model init: a Hugging Face checkpoint with the tokenizer files and the chat template
        let base = dir.appendingPathComponent("base")
        let initd = try CLI.run(["model", "init", "--tokenizer", tokenizerJSON.path, "--out", base.path, "--hidden", "16", "--layers", "1",
                                 "--heads", "2", "--kv-heads", "1", "--intermediate", "32", "--context", "160"])
        #expect(initd.status == 0, "\(initd.stderr)")
        #expect(initd.stdout.contains("parameters"))
        for f in ["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"] {
            #expect(FileManager.default.fileExists(atPath: base.appendingPathComponent(f).path), "\(f)")
        }
        let tc = try JSONSerialization.jsonObject(with: Data(contentsOf: base.appendingPathComponent("tokenizer_config.json"))) as? [String: Any]
        #expect((tc?["chat_template"] as? String)?.contains("<|start_header_id|>") == true)
        #expect(tc?["eos_token"] != nil && tc?["bos_token"] != nil && tc?["pad_token"] != nil)

        // --max-length beyond the context, and a prompt length that leaves no room: refused with the fix
        let tooLong = try CLI.run(["train", "orpo", "--data", pairs.path, "--base", base.path, "--out", dir.appendingPathComponent("x").path,
                                   "--steps", "1", "--max-length", "400"])
        #expect(tooLong.status != 0)
        #expect(tooLong.stderr.contains("exceeds the model's context of 160"), "\(tooLong.stderr)")
        let noRoom = try CLI.run(["train", "orpo", "--data", pairs.path, "--base", base.path, "--out", dir.appendingPathComponent("x").path,
                                  "--max-length", "100", "--max-prompt-length", "100"])
        #expect(noRoom.status != 0)
        #expect(noRoom.stderr.contains("--max-prompt-length"), "\(noRoom.stderr)")

        // train orpo, dpo (ipo) and sft for two steps each; a short --max-length below 512 works
        for (method, extra) in [("orpo", [String]()), ("dpo", ["--loss", "ipo", "--label-smoothing", "0"]), ("sft", [])] {
            let data: URL
            if method == "sft" {
                data = dir.appendingPathComponent("text.jsonl")
                let row = String(decoding: try JSONSerialization.data(withJSONObject: ["text": Self.text]), as: UTF8.self)
                try (row + "\n").write(to: data, atomically: true, encoding: .utf8)
            } else { data = pairs }
            let out = dir.appendingPathComponent("run-\(method)")
            let r = try CLI.run(["train", method, "--data", data.path, "--base", base.path, "--out", out.path, "--steps", "2",
                                 "--max-length", "150", "--lr", "1e-3"] + extra)
            #expect(r.status == 0, "\(method): \(r.stderr)")
            #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("final"), "\(r.stdout)")
            let metrics = try String(contentsOf: out.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
            #expect(metrics.split(separator: "\n").count == 2)
            #expect(try String(contentsOf: out.appendingPathComponent("loss_curve.svg"), encoding: .utf8).hasPrefix("<svg"))
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("final/tokenizer_config.json").path))
        }

        // generate --chat with the trained model: the prompt train built, a few tokens
        let gen = try CLI.run(["generate", "--model", dir.appendingPathComponent("run-orpo/final").path, "--chat", "--max-tokens", "6",
                               "What gives spider silk its strength?"])
        #expect(gen.status == 0, "\(gen.stderr)")

        // export trl: the chat template applied to every row
        let trl = try CLI.run(["export", "trl", "--data", pairs.path, "--out", dir.appendingPathComponent("trl").path])
        #expect(trl.status == 0, "\(trl.stderr)")
        let rows = try String(contentsOf: dir.appendingPathComponent("trl/train.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 3)
        let first = try JSONSerialization.jsonObject(with: Data(rows[0].utf8)) as? [String: String]
        #expect(first?["prompt"]?.hasPrefix("<|begin_of_text|><|start_header_id|>user<|end_header_id|>") == true)
        #expect(first?["prompt"]?.contains("Use <|thinking|>.") == true)
        #expect(first?["chosen"]?.hasSuffix("<|eot_id|>") == true)
    }
}
