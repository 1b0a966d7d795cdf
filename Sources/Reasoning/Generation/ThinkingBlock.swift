import Foundation

/// The PRefLexOR thinking block (method.md section 1): `<|thinking|>` categories
/// `<|/thinking|>`, an optional `<|reflect|>` critique `<|/reflect|>`, then the final answer
/// (the text after the last closing tag).
public enum ThinkingBlock {
    public static let open = "<|thinking|>"
    public static let close = "<|/thinking|>"
    public static let reflectOpen = "<|reflect|>"
    public static let reflectClose = "<|/reflect|>"

    /// The categories, in the order they are written (Knowledge Graph first).
    public enum Category: String, CaseIterable, Sendable, Codable {
        case knowledgeGraph = "Knowledge Graph"
        case reasoningSteps = "Reasoning Steps"
        case materials = "Relevant Materials or Concepts"
        case designPrinciples = "Design Principles"
        case properties = "Material Properties"
        case hypothesis = "Hypothesis"
        case background = "Additional Background"
    }

    /// Renders categories as `**Category**:` followed by one line per item; empty categories
    /// are left out.
    public static func render(_ sections: [(Category, [String])]) -> String {
        sections.filter { !$0.1.isEmpty }.map { category, lines in
            "**\(category.rawValue)**:\n" + lines.map { "- " + $0 }.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    /// The categories present in a thinking text, in order of appearance.
    public static func categories(in thinking: String) -> [Category] {
        Category.allCases.compactMap { c in thinking.range(of: "**\(c.rawValue)**:").map { (c, $0.lowerBound) } }
            .sorted { $0.1 < $1.1 }.map(\.0)
    }

    /// A generator's reply split into thinking, reflection and answer. The answer is the text
    /// after the last closing tag; a reply without any tag is all answer.
    public struct Parsed: Sendable, Equatable {
        public var thinking: String
        public var reflection: String
        public var answer: String
    }

    /// Splits a reply. Throws `.malformedReply` for an opened but never closed thinking block.
    public static func parse(_ reply: String) throws -> Parsed {
        func between(_ a: String, _ b: String) -> String? {
            guard let start = reply.range(of: a) else { return nil }
            guard let end = reply.range(of: b, range: start.upperBound..<reply.endIndex) else { return nil }
            return String(reply[start.upperBound..<end.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if reply.contains(open) && between(open, close) == nil {
            throw ReasoningError(.malformedReply, "the reply opens \(open) but never closes it with \(close)")
        }
        let thinking = between(open, close) ?? ""
        let reflection = between(reflectOpen, reflectClose) ?? ""
        var answerStart = reply.startIndex
        for tag in [close, reflectClose, "<|/response|>"] {
            if let r = reply.range(of: tag, options: .backwards), r.upperBound > answerStart { answerStart = r.upperBound }
        }
        var answer = String(reply[answerStart...])
        for tag in ["<|response|>", "<|/response|>"] { answer = answer.replacingOccurrences(of: tag, with: "") }
        return Parsed(thinking: thinking, reflection: reflection, answer: answer.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
