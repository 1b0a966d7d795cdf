/// The GPT-2 byte-to-unicode map used by Hugging Face's ByteLevel pre-tokenizer and decoder.
///
/// Every byte 0...255 maps to one printable Unicode scalar: the printable Latin-1 bytes
/// (`!`...`~`, `¡`...`¬`, `®`...`ÿ`) map to themselves, the remaining 68 bytes map in order to
/// U+0100, U+0101, ... (so a space becomes `Ġ`, a newline `Ċ`). A byte-level token is a string of
/// such scalars, one per byte.
public enum ByteLevel {
    /// `scalar[b]`: the scalar that byte `b` maps to. [256]
    public static let byteToScalar: [Unicode.Scalar] = {
        var printable = Set<Int>()
        printable.formUnion(0x21...0x7E)
        printable.formUnion(0xA1...0xAC)
        printable.formUnion(0xAE...0xFF)
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var n = 0
        for b in 0..<256 {
            if printable.contains(b) {
                table[b] = Unicode.Scalar(UInt32(b))!
            } else {
                table[b] = Unicode.Scalar(UInt32(256 + n))!
                n += 1
            }
        }
        return table
    }()

    /// The inverse map: byte for a byte-level scalar, nil for any other scalar.
    public static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        let v = scalar.value
        guard v < 0x144 else { return nil }
        let b = scalarToByteTable[Int(v)]
        return b < 0 ? nil : UInt8(b)
    }

    /// Indexed by scalar value < 0x144; -1 where the scalar is not a byte-level scalar.
    private static let scalarToByteTable: [Int16] = {
        var t = [Int16](repeating: -1, count: 0x144)
        for (b, s) in byteToScalar.enumerated() { t[Int(s.value)] = Int16(b) }
        return t
    }()

    /// The byte-level string of `bytes` (one scalar per byte).
    public static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var s = String.UnicodeScalarView()
        for b in bytes { s.append(byteToScalar[Int(b)]) }
        return String(s)
    }

    /// The bytes of a byte-level string, or nil if it holds a scalar outside the map.
    public static func decode(_ token: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(token.unicodeScalars.count)
        for s in token.unicodeScalars {
            guard let b = byte(for: s) else { return nil }
            out.append(b)
        }
        return out
    }

    /// The 256 byte-level scalars as one-character strings, sorted by scalar value: the initial
    /// alphabet of a byte-level BPE trainer (Hugging Face `ByteLevel.alphabet()`, sorted as its
    /// trainer sorts it).
    public static var alphabet: [String] {
        byteToScalar.sorted { $0.value < $1.value }.map { String(Character($0)) }
    }
}
