import Foundation
import Tensors
import PreflexorTesting
import Testing

@Suite struct SafeTensorsReadTests {
    @Test func readsAHandMadeFileLikeTheReferenceWriter() throws {
        // As written by Python `safetensors.numpy.save_file({"a": [[1,2],[3,4]] f32, "b": [7] i64}, metadata={"format": "np"})`.
        let header = #"{"__metadata__":{"format":"np"},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"I64","shape":[1],"data_offsets":[16,24]}}"#
        var data = floatBytes([1, 2, 3, 4])
        withUnsafeBytes(of: Int64(7).littleEndian) { data.append(contentsOf: $0) }
        let st = try SafeTensors(data: handMade(header: header, data: data))
        #expect(st.names == ["a", "b"])
        #expect(st.metadata == ["format": "np"])
        #expect(try st.info("a").shape == [2, 2])
        #expect(try st.info("a").dtype == .f32)
        #expect(try st.floats("a", shape: [2, 2]) == [1, 2, 3, 4])
        #expect(try st.int64s("b") == [7])
    }

    @Test func scalarAndEmptyTensors() throws {
        let header = #"{"s":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"e":{"dtype":"F32","shape":[0,3],"data_offsets":[4,4]}}"#
        let st = try SafeTensors(data: handMade(header: header, data: floatBytes([2.5])))
        #expect(try st.floats("s") == [2.5])
        #expect(try st.floats("e").isEmpty)
        #expect(try st.info("s").elementCount == 1)
    }

    @Test func convertsHalfAndBFloat16ToFloat() throws {
        // F16 1.0 = 0x3C00, -2.0 = 0xC000; BF16 1.0 = 0x3F80, 0.5 = 0x3F00.
        let header = #"{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[4,8]}}"#
        let st = try SafeTensors(data: handMade(header: header, data: [0x00, 0x3C, 0x00, 0xC0, 0x80, 0x3F, 0x00, 0x3F]))
        #expect(try st.floats("h") == [1, -2])
        #expect(try st.floats("b") == [1, 0.5])
    }

    @Test func accessorErrorsNameTheProblem() throws {
        let header = #"{"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"i":{"dtype":"I64","shape":[1],"data_offsets":[16,24]}}"#
        let st = try SafeTensors(data: handMade(header: header, data: floatBytes([1, 2, 3, 4]) + [UInt8](repeating: 0, count: 8)))
        expectCode(.tensorNotFound) { _ = try st.floats("missing") }
        expectCode(.shapeMismatch) { _ = try st.floats("a", shape: [4]) }
        expectCode(.dtypeMismatch) { _ = try st.int64s("a") }
        expectCode(.dtypeMismatch) { _ = try st.floats("i") }
    }
}

@Suite struct SafeTensorsBadFileTests {
    let good = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#

    @Test func emptyAndTinyFilesAreTruncated() {
        expectCode(.truncated) { _ = try SafeTensors(data: Data()) }
        expectCode(.truncated) { _ = try SafeTensors(data: Data([1, 0, 0, 0])) }
    }

    @Test func headerLongerThanFileIsTruncated() {
        expectCode(.truncated) { _ = try SafeTensors(data: handMade(header: good, data: [], headerLength: 4096)) }
    }

    @Test func absurdHeaderLengthIsRejected() {
        expectCode(.invalidHeader) { _ = try SafeTensors(data: handMade(header: good, data: [], headerLength: UInt64.max)) }
    }

    @Test func dataCutOffIsTruncated() {
        expectCode(.truncated) { _ = try SafeTensors(data: handMade(header: good, data: floatBytes([1]))) }
    }

    @Test func headerThatIsNotJSONIsRejected() {
        expectCode(.invalidHeader) { _ = try SafeTensors(data: handMade(header: "{not json", data: [])) }
        expectCode(.invalidHeader) { _ = try SafeTensors(data: handMade(header: "[1,2,3]", data: [])) }
        expectCode(.invalidHeader) { _ = try SafeTensors(data: handMade(header: "PK\u{3}\u{4}garbage", data: [])) }
    }

    @Test func lyingSizesAreRejected() {
        // Shape says 3 floats (12 bytes) but the offsets span 8.
        let lying = #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#
        expectCode(.invalidHeader) { _ = try SafeTensors(data: handMade(header: lying, data: floatBytes([1, 2]))) }
        let backwards = #"{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}"#
        expectCode(.invalidHeader) { _ = try SafeTensors(data: handMade(header: backwards, data: floatBytes([1, 2]))) }
    }

    @Test func gapsOverlapsAndTrailingBytesAreRejected() {
        let gap = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
        expectCode(.invalidHeader) { _ = try SafeTensors(data: handMade(header: gap, data: floatBytes([1, 2, 3]))) }
        let overlap = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        expectCode(.invalidHeader) { _ = try SafeTensors(data: handMade(header: overlap, data: floatBytes([1, 2]))) }
        expectCode(.invalidHeader) { _ = try SafeTensors(data: handMade(header: good, data: floatBytes([1, 2, 3]))) }
    }

    @Test func malformedEntriesAreRejected() {
        let cases = [
            #"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#,
            #"{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}"#,
            #"{"a":{"dtype":"F32","shape":"2","data_offsets":[0,8]}}"#,
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0]}}"#,
            #"{"a":{"shape":[2],"data_offsets":[0,8]}}"#,
            #"{"a":[1,2]}"#,
            #"{"__metadata__":{"k":1},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#,
        ]
        for header in cases {
            expectCode(.invalidHeader) { _ = try SafeTensors(data: handMade(header: header, data: floatBytes([1, 2]))) }
        }
    }

    @Test func unknownDTypeIsUnsupported() {
        let header = #"{"a":{"dtype":"F8_E4M3","shape":[8],"data_offsets":[0,8]}}"#
        expectCode(.unsupportedDType) { _ = try SafeTensors(data: handMade(header: header, data: floatBytes([1, 2]))) }
    }

    @Test func missingFileSaysSo() {
        expectCode(.fileNotFound) { _ = try SafeTensors(contentsOf: URL(fileURLWithPath: "/nonexistent/model.safetensors")) }
    }
}
