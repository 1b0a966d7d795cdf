import Testing
@testable import Training

@Suite struct ThinkingMaskTests {
    let open: Int32 = 100, close: Int32 = 101

    @Test func masksUpToLastClosingTagKeepingTheTag() {
        // <think> a b </think> c <think> d </think> e f
        let c: [Int32] = [open, 1, 2, close, 3, open, 4, close, 5, 6]
        let m = ThinkingMask.answerOnly(c, closeTag: close)
        #expect(m == [false, false, false, false, false, false, false, true, true, true])
    }

    @Test func nothingMaskedWithoutTag() {
        let c: [Int32] = [open, 1, 2, 3]
        #expect(ThinkingMask.answerOnly(c, closeTag: close) == [true, true, true, true])
        var rng = TrainingRNG(seed: 1)
        #expect(ThinkingMask.randomPartial(c, closeTag: close, fraction: 0.5, rng: &rng) == [true, true, true, true])
    }

    @Test func randomPartialMasksAShareOfThinkingOnly() {
        let thinking = [Int32](repeating: 7, count: 2000)
        let c = [open] + thinking + [close, 8, 9]
        var rng = TrainingRNG(seed: 42)
        let m = ThinkingMask.randomPartial(c, closeTag: close, fraction: 0.3, rng: &rng)
        let masked = m[..<(c.count - 3)].filter { !$0 }.count
        #expect(abs(Double(masked) / Double(c.count - 3) - 0.3) < 0.04)
        #expect(m.suffix(3) == [true, true, true])
        var r1 = TrainingRNG(seed: 42)
        #expect(ThinkingMask.randomPartial(c, closeTag: close, fraction: 0.3, rng: &r1) == m) // deterministic
        var r2 = TrainingRNG(seed: 9)
        #expect(ThinkingMask.randomPartial(c, closeTag: close, fraction: 1, rng: &r2) == ThinkingMask.answerOnly(c, closeTag: close))
        #expect(ThinkingMask.randomPartial(c, closeTag: close, fraction: 0, rng: &r2).allSatisfy { $0 })
    }
}
