import Foundation

/// Finds the one JSON array in an LLM reply: the whole reply, the inside of a ```json fence,
/// or an array with prose around it ("Here are the triples: [...] Hope this helps").
enum LLMReplyParser {
    /// Why no array was found, in words.
    struct Problem: Error {
        var what: String
    }

    /// Most `[` and `]` positions tried when prose surrounds the array (bounds the work on a
    /// hostile reply: at most `limit * limit` parses).
    static let limit = 16

    /// The elements of the reply's JSON array.
    static func array(in reply: String) throws -> [Any] {
        var text = reply.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw Problem(what: "the reply is empty") }
        if let fenced = fenced(text) { text = fenced }
        let scalars = Array(text.unicodeScalars)
        if let whole = parse(scalars[...]) {
            guard let array = whole as? [Any] else {
                throw Problem(what: "the reply is a JSON \(kind(whole)), not an array")
            }
            return array
        }
        let opens = scalars.indices.filter { scalars[$0] == "[" }.prefix(limit)
        let closes = scalars.indices.reversed().filter { scalars[$0] == "]" }.prefix(limit)
        guard !opens.isEmpty, !closes.isEmpty else { throw Problem(what: "it contains no JSON array") }
        for o in opens {
            for c in closes where c > o {
                if let array = parse(scalars[o...c]) as? [Any] { return array }
            }
        }
        throw Problem(what: "the text between [ and ] is not valid JSON")
    }

    /// The body of the first ``` fence (with or without a language tag), if the reply has one.
    static func fenced(_ text: String) -> String? {
        guard let open = text.range(of: "```") else { return nil }
        var rest = text[open.upperBound...]
        // Skip the info string ("json") up to the end of the line.
        if let newline = rest.firstIndex(of: "\n") { rest = rest[rest.index(after: newline)...] } else { return nil }
        guard let close = rest.range(of: "```") else { return String(rest) }
        return String(rest[..<close.lowerBound])
    }

    /// The JSON value of a slice, or nil.
    static func parse(_ scalars: ArraySlice<Unicode.Scalar>) -> Any? {
        var s = ""
        s.unicodeScalars.append(contentsOf: scalars)
        return try? JSONSerialization.jsonObject(with: Data(s.utf8), options: [.fragmentsAllowed])
    }

    static func kind(_ value: Any) -> String {
        switch value {
        case is [String: Any]: return "object"
        case is String: return "string"
        case is NSNumber: return "number"
        default: return "value"
        }
    }
}
