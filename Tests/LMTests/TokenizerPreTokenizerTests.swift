import Testing
@testable import LM

@Suite struct TokenizerPreTokenizerTests {
    @Test(arguments: [
        ("Hello world", ["Hello", " world"]),
        ("a   b", ["a", "  ", " b"]),
        ("a   ", ["a", "   "]),
        ("I'm they're we'll it's", ["I", "'m", " they", "'re", " we", "'ll", " it", "'s"]),
        ("DON'T 'S", ["DON", "'", "T", " '", "S"]),
        ("\n\nb", ["\n", "\n", "b"]),
        ("x \n y", ["x", " \n", " y"]),
        ("abc123 4.5!!", ["abc", "123", " 4", ".", "5", "!!"]),
        ("  ?!x", [" ", " ?!", "x"]),
        ("\t\tb", ["\t", "\t", "b"]),
        ("é漢字 αβ٣", ["é漢字", " αβ", "٣"]),
        ("a\u{00A0}b", ["a", "\u{00A0}", "b"]),
        ("", [String]()),
    ] as [(String, [String])])
    func splitsLikeTheGPT2Pattern(text: String, expected: [String]) {
        let pieces = GPT2PreTokenizer.split(text)
        #expect(pieces == expected, "split of \(text.debugDescription)")
        #expect(sameScalars(pieces.joined(), text))
    }

    @Test func byteMapIsTheGPT2Map() {
        #expect(ByteLevel.byteToScalar[Int(UInt8(ascii: " "))] == "Ġ")
        #expect(ByteLevel.byteToScalar[Int(UInt8(ascii: "\n"))] == "Ċ")
        #expect(ByteLevel.byteToScalar[Int(UInt8(ascii: "A"))] == "A")
        #expect(ByteLevel.byteToScalar[0] == "\u{0100}")
        #expect(ByteLevel.byteToScalar[0xAD] == "\u{0143}")   // the last of the 68 remapped bytes
        #expect(Set(ByteLevel.byteToScalar).count == 256)
        for b in 0..<256 { #expect(ByteLevel.byte(for: ByteLevel.byteToScalar[b]) == UInt8(b)) }
        #expect(ByteLevel.decode(ByteLevel.encode([0, 32, 200, 255])) == [0, 32, 200, 255])
        #expect(ByteLevel.alphabet.count == 256)
    }
}
