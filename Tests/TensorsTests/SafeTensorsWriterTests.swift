import Foundation
import Tensors
import Testing

@Suite struct SafeTensorsWriterTests {
    @Test func roundTripsThroughAMappedFile() throws {
        var writer = SafeTensorsWriter()
        let w = (0..<12).map { Float($0) * 0.25 - 1 }
        try writer.add("layer.weight", floats: w, shape: [3, 4])
        try writer.add("position_ids", int64s: [0, 1, 2, Int64.max], shape: [1, 4])
        try writer.add("half", floats: [1, -2, 0.5, 65504], shape: [4], as: .f16)
        try writer.add("brain", floats: [1, -2, 0.5, 3.0e38], shape: [2, 2], as: .bf16)
        try writer.add("narrow", int64s: [-3, 5], shape: [2], as: .i32)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("preflexor-st-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try writer.write(to: url, metadata: ["format": "pt"])

        let st = try SafeTensors(contentsOf: url)
        #expect(st.metadata == ["format": "pt"])
        #expect(st.names == ["brain", "half", "layer.weight", "narrow", "position_ids"])
        #expect(try st.floats("layer.weight", shape: [3, 4]) == w)
        #expect(try st.int64s("position_ids") == [0, 1, 2, Int64.max])
        #expect(try st.floats("half") == [1, -2, 0.5, 65504])
        let b = try st.floats("brain")
        #expect(Array(b.prefix(3)) == [1, -2, 0.5])
        #expect(abs(b[3] - 3.0e38) / 3.0e38 < 1.0 / 128)  // 8 mantissa bits
        #expect(try st.int64s("narrow") == [-3, 5])
        #expect(try st.info("half").dtype == .f16)
        // The header is padded so that data starts 8-byte aligned.
        let raw = try Data(contentsOf: url)
        let headerLength = raw.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        #expect(headerLength % 8 == 0)
    }

    @Test func rejectsBadInput() {
        var writer = SafeTensorsWriter()
        expectCode(.invalidArgument) { try writer.add("a", floats: [1, 2, 3], shape: [2, 2]) }
        expectCode(.invalidArgument) { try writer.add("__metadata__", floats: [1], shape: [1]) }
        expectCode(.dtypeMismatch) { try writer.add("i", floats: [1], shape: [1], as: .i64) }
        expectCode(.invalidArgument) { try writer.add("big", int64s: [Int64(Int32.max) + 1], shape: [1], as: .i32) }
        #expect(throws: Never.self) { try writer.add("a", floats: [1], shape: [1]) }
        expectCode(.invalidArgument) { try writer.add("a", floats: [2], shape: [1]) }
    }

    @Test func bfloat16RoundsToNearestEven() {
        #expect(BFloat16.fromFloat(1) == 0x3F80)
        // 1 + 2^-8 is exactly halfway between bf16 1.0 and 1.0078125: ties to even (1.0).
        #expect(BFloat16.fromFloat(1 + 0x1p-8) == 0x3F80)
        // 1 + 3*2^-8 is halfway between 1.0078125 (odd) and 1.015625 (even): rounds up.
        #expect(BFloat16.fromFloat(1 + 3 * 0x1p-8) == 0x3F82)
        #expect(BFloat16.toFloat(BFloat16.fromFloat(.nan)).isNaN)
        #expect(BFloat16.toFloat(BFloat16.fromFloat(-.infinity)) == -.infinity)
    }
}

@Test func blasThreadCountCanBeSet() {
    let before = BLAS.threadCount
    defer { BLAS.threadCount = before }
    BLAS.threadCount = 1
    #expect(BLAS.threadCount == 1)
}
