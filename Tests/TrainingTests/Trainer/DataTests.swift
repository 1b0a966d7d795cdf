import Foundation
import Testing
@testable import Training

@Suite struct DataTests {
    @Test func parsesTRLAndTextRows() throws {
        #expect(try TrainingRecord.parse(#"{"prompt":"Q","chosen":"A","rejected":"B"}"#) == .pair(.init(prompt: "Q", chosen: "A", rejected: "B")))
        #expect(try TrainingRecord.parse(#"{"text":"hello"}"#) == .text("hello"))
        #expect { try TrainingRecord.parse(#"{"prompt":"Q","chosen":"A"}"#, line: 7, file: "d.jsonl") } throws: {
            ($0 as? TrainingError)?.message.contains("d.jsonl line 7") == true
        }
        #expect(throws: TrainingError.self) { try TrainingRecord.parse("[1,2]") }
        #expect(throws: TrainingError.self) { try TrainingRecord.parse(#"{"prompt":"Q","chosen":"","rejected":"B"}"#) }
    }

    /// Row layout and masks: prompt excluded from the preference term, thinking excluded up
    /// to the tag, ORPO's NLL over the whole chosen sequence only.
    @Test func collatesPairsWithMasks() {
        let e = TokenizedExample(prompt: [10, 11], chosen: [2, 5, 3, 20, 1], rejected: [26, 1],
                                 chosenLabels: ThinkingMask.answerOnly([2, 5, 3, 20, 1], closeTag: 3),
                                 rejectedLabels: [true, true])
        let b = TokenBatch([e], preference: true, padID: 0)
        #expect(b.rows == 2 && b.length == 7 && b.realTokens == 11)
        #expect(b.tokens == [10, 11, 2, 5, 3, 20, 1, 10, 11, 26, 1, 0, 0, 0])
        #expect(b.targets == [11, 2, 5, 3, 20, 1, -1, 11, 26, 1, -1, -1, -1, -1])
        // chosen: targets 3 (the tag), 20, 1 count; rejected: 26, 1 count.
        #expect(b.completionMask == [false, false, false, true, true, true, false, false, true, true, false, false, false, false])
        #expect(b.nllMask == [true, true, true, true, true, true, false, false, false, false, false, false, false, false])

        let sftPair = TokenBatch([e], preference: false, padID: 0)
        #expect(sftPair.rows == 1 && sftPair.nllMask == [false, false, false, true, true, true, false])
        let text = TokenBatch([TokenizedExample(prompt: [], chosen: [4, 5, 6], rejected: nil)], preference: false, padID: 0)
        #expect(text.nllMask == [true, true, false] && text.targets == [5, 6, -1])
    }

    @Test func exportRoundTripsThroughTheReader() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("preflexor-trl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let pairs = [PreferencePair(prompt: "What is \"nacre\"?\nUse <|thinking|>.", chosen: "<|thinking|>x<|/thinking|>A", rejected: "B")]
        let fmt = TRLExport.Formatting(prompt: { "<u>\($0)</u><a>" }, completion: { $0 + "<e>" })
        let url = try TRLExport.write(pairs: pairs, to: dir, formatting: fmt)
        #expect(url.lastPathComponent == "train.jsonl")
        let back = try TrainingRecord.readJSONL(url)
        #expect(back == [.pair(PreferencePair(prompt: "<u>What is \"nacre\"?\nUse <|thinking|>.</u><a>",
                                              chosen: "<|thinking|>x<|/thinking|>A<e>", rejected: "B<e>"))])
        #expect(throws: TrainingError.self) { try TRLExport.write(pairs: [], to: dir, formatting: .verbatim) }
    }

    @Test func metricsEncodeFlatWithTRLNames() throws {
        let m = StepMetrics(step: 3, epoch: 0.5, loss: 1.25, terms: .init(nll: 1.0, logOdds: 0.5, logOddsRatio: -0.4, chosenReward: -0.1, rejectedReward: -0.2, accuracy: 1),
                            gradNorm: 2, learningRate: 5e-5, tokensPerSecond: 1000)
        let e = JSONEncoder(); e.outputFormatting = .sortedKeys
        let json = String(decoding: try e.encode(m), as: UTF8.self)
        #expect(json == #"{"epoch":0.5,"grad_norm":2,"log_odds":0.5,"log_odds_ratio":-0.4,"loss":1.25,"lr":5e-05,"nll":1,"rewards_accuracy":1,"rewards_chosen":-0.1,"rewards_rejected":-0.2,"step":3,"tokens_per_s":1000}"#)
        #expect(try JSONDecoder().decode(StepMetrics.self, from: Data(json.utf8)) == m)
    }

    @Test func progressLinesAreReadable() {
        let m = StepMetrics(step: 5, epoch: 1, loss: 0.5, terms: .init(nll: 0.5, accuracy: 0.75), gradNorm: 1, learningRate: 1e-4, tokensPerSecond: 123)
        #expect(ProgressBar(forceTerminal: false).line(m, total: 10) == "step 5/10 loss 0.5000 acc 0.75 gnorm 1 lr 0.0001 123 tok/s\n")
        #expect(ProgressBar(forceTerminal: true).line(m, total: 10).hasPrefix("\r[███████████████···············] 5/10"))
    }
}
