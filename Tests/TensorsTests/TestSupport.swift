import Foundation
import Tensors
import Testing

/// A safetensors image built by hand: header JSON exactly as given (no validation), then `data`.
func handMade(header: String, data: [UInt8], headerLength: UInt64? = nil) -> Data {
    let json = Array(header.utf8)
    var out = Data()
    withUnsafeBytes(of: (headerLength ?? UInt64(json.count)).littleEndian) { out.append(contentsOf: $0) }
    out.append(contentsOf: json)
    out.append(contentsOf: data)
    return out
}

func floatBytes(_ values: [Float]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }

func expectCode(_ code: TensorsError.Code, _ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        try body()
        Issue.record("expected TensorsError(.\(code)), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as TensorsError {
        #expect(error.code == code, "got \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected TensorsError(.\(code)), got \(error)", sourceLocation: sourceLocation)
    }
}
