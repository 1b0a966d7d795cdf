import Foundation

/// Parsing and validation of a safetensors header (see `SafeTensors` for the layout).
enum SafeTensorsHeader {
    struct Parsed {
        var tensors: [String: SafeTensors.TensorInfo]
        var metadata: [String: String]
        var dataStart: Int
    }

    static func parse(_ file: UnsafeRawBufferPointer, path: String?) throws -> Parsed {
        func bad(_ code: TensorsError.Code, _ message: String) -> TensorsError {
            TensorsError(code, message, path: path)
        }
        guard file.count >= 8 else {
            throw bad(.truncated, "file is \(file.count) bytes, shorter than the 8-byte header length; the file is truncated, download or write it again")
        }
        let headerLength = UInt64(littleEndian: file.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        guard headerLength <= UInt64(SafeTensors.maximumHeaderSize) else {
            throw bad(.invalidHeader, "header length \(headerLength) exceeds \(SafeTensors.maximumHeaderSize) bytes; this is not a safetensors file")
        }
        let n = Int(headerLength)
        guard 8 + n <= file.count else {
            throw bad(.truncated, "header claims \(n) bytes but only \(file.count - 8) follow; the file is truncated or not safetensors")
        }
        let headerBytes = UnsafeRawBufferPointer(rebasing: file[8..<(8 + n)])
        guard n >= 2, headerBytes[0] == UInt8(ascii: "{") else {
            throw bad(.invalidHeader, "header does not start with '{'; this is not a safetensors file")
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(headerBytes), options: [])
        } catch {
            throw bad(.invalidHeader, "header is not valid JSON: \(error.localizedDescription)")
        }
        guard let object = json as? [String: Any] else {
            throw bad(.invalidHeader, "header JSON is not an object")
        }
        var metadata: [String: String] = [:]
        var tensors: [String: SafeTensors.TensorInfo] = [:]
        for (name, value) in object {
            if name == "__metadata__" {
                guard let entries = value as? [String: Any] else { throw bad(.invalidHeader, "__metadata__ is not an object") }
                for (k, v) in entries {
                    guard let s = v as? String else { throw bad(.invalidHeader, "__metadata__['\(k)'] is not a string") }
                    metadata[k] = s
                }
                continue
            }
            tensors[name] = try entry(name, value, bad: bad)
        }
        // The tensors must tile the data area exactly: no gaps, no overlaps, nothing missing.
        let dataStart = 8 + n
        let dataCount = file.count - dataStart
        var cursor = 0
        let ordered = tensors.values.sorted {
            ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound) < ($1.dataOffsets.lowerBound, $1.dataOffsets.upperBound)
        }
        for info in ordered {
            guard info.dataOffsets.lowerBound == cursor else {
                let what = info.dataOffsets.lowerBound < cursor ? "overlaps the previous tensor" : "leaves a gap after byte \(cursor)"
                throw bad(.invalidHeader, "tensor '\(info.name)' at data offset \(info.dataOffsets.lowerBound) \(what); the header is inconsistent")
            }
            cursor = info.dataOffsets.upperBound
        }
        if cursor > dataCount {
            throw bad(.truncated, "header describes \(cursor) data bytes but the file holds \(dataCount); the file is truncated, download or write it again")
        }
        if cursor < dataCount {
            throw bad(.invalidHeader, "file has \(dataCount - cursor) bytes after the last tensor; the header does not describe the whole file")
        }
        return Parsed(tensors: tensors, metadata: metadata, dataStart: dataStart)
    }

    private static func entry(
        _ name: String, _ value: Any, bad: (TensorsError.Code, String) -> TensorsError
    ) throws -> SafeTensors.TensorInfo {
        guard let fields = value as? [String: Any] else {
            throw bad(.invalidHeader, "entry '\(name)' is not an object")
        }
        guard let dtypeName = fields["dtype"] as? String else {
            throw bad(.invalidHeader, "entry '\(name)' has no string 'dtype'")
        }
        guard let dtype = DType(rawValue: dtypeName) else {
            let known = DType.allCases.map(\.rawValue).joined(separator: ", ")
            throw bad(.unsupportedDType, "tensor '\(name)' has dtype '\(dtypeName)'; supported: \(known)")
        }
        guard let shapeValues = fields["shape"] as? [Any], let shape = integers(shapeValues), shape.allSatisfy({ $0 >= 0 }) else {
            throw bad(.invalidHeader, "tensor '\(name)' has no valid 'shape' (a list of non-negative integers)")
        }
        guard let offsetValues = fields["data_offsets"] as? [Any], let offsets = integers(offsetValues), offsets.count == 2,
              offsets[0] >= 0, offsets[0] <= offsets[1] else {
            throw bad(.invalidHeader, "tensor '\(name)' has no valid 'data_offsets' ([begin, end] with 0 <= begin <= end)")
        }
        var count = dtype.byteSize
        for d in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow else { throw bad(.invalidHeader, "tensor '\(name)' shape \(shape) overflows") }
            count = product
        }
        guard offsets[1] - offsets[0] == count else {
            throw bad(.invalidHeader,
                      "tensor '\(name)' is \(dtypeName) \(shape) = \(count) bytes but its data_offsets span \(offsets[1] - offsets[0]); the header lies")
        }
        return SafeTensors.TensorInfo(name: name, dtype: dtype, shape: shape, dataOffsets: offsets[0]..<offsets[1])
    }

    /// Exact integers only: JSON 2.5 or "2" is rejected rather than rounded. (Foundation on Linux
    /// reports every NSNumber 0/1 as `Bool`, so JSON `true` cannot be told from 1 here.)
    private static func integers(_ values: [Any]) -> [Int]? {
        var out: [Int] = []
        out.reserveCapacity(values.count)
        for v in values {
            guard let number = v as? NSNumber else { return nil }
            let d = number.doubleValue
            guard d.isFinite, d == d.rounded(), abs(d) < 9.0e15 else { return nil }
            out.append(Int(d))
        }
        return out
    }
}
