/// Splits a SQL script into single statements.
///
/// postgres-nio speaks only the extended query protocol, which takes one statement per
/// message, so migration files are split here. The splitter understands what can hide a
/// semicolon: single-quoted strings (with '' and E'\'' escapes), quoted identifiers,
/// dollar-quoted bodies ($$ … $$, $tag$ … $tag$), `--` comments and nested `/* */` comments.
public enum SQLScript {
    /// One statement and the 1-based line it starts on (for error messages).
    public struct Statement: Equatable, Sendable {
        public var sql: String
        public var line: Int
    }

    /// The statements of `script`, without empty ones and without trailing semicolons.
    public static func split(_ script: String) -> [Statement] {
        let chars = Array(script.unicodeScalars)
        var statements: [Statement] = []
        var current = String.UnicodeScalarView()
        var line = 1
        var startLine: Int? = nil
        var i = 0
        func emit() {
            let text = String(current).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty && !isOnlyComments(text) {
                statements.append(Statement(sql: text, line: startLine ?? line))
            }
            current.removeAll()
            startLine = nil
        }
        func append(_ range: Range<Int>, code: Bool = true) {
            for j in range {
                if code, startLine == nil, !chars[j].properties.isWhitespace { startLine = line }
                if chars[j] == "\n" { line += 1 }
                current.append(chars[j])
            }
        }
        while i < chars.count {
            let c = chars[i]
            let next: Unicode.Scalar? = i + 1 < chars.count ? chars[i + 1] : nil
            if c == "-" && next == "-" {
                var j = i
                while j < chars.count && chars[j] != "\n" { j += 1 }
                append(i..<j, code: false); i = j
            } else if c == "/" && next == "*" {
                var depth = 0, j = i
                repeat {
                    if j + 1 < chars.count && chars[j] == "/" && chars[j + 1] == "*" { depth += 1; j += 2 }
                    else if j + 1 < chars.count && chars[j] == "*" && chars[j + 1] == "/" { depth -= 1; j += 2 }
                    else { j += 1 }
                } while depth > 0 && j < chars.count
                append(i..<j, code: false); i = j
            } else if c == "'" {
                // E'' strings allow backslash escapes; standard strings only ''.
                let escapes = i > 0 && (chars[i - 1] == "E" || chars[i - 1] == "e")
                var j = i + 1
                while j < chars.count {
                    if escapes && chars[j] == "\\" { j += 2; continue }
                    if chars[j] == "'" {
                        if j + 1 < chars.count && chars[j + 1] == "'" { j += 2; continue }
                        break
                    }
                    j += 1
                }
                let end = min(j + 1, chars.count)
                append(i..<end); i = end
            } else if c == "\"" {
                var j = i + 1
                while j < chars.count {
                    if chars[j] == "\"" {
                        if j + 1 < chars.count && chars[j + 1] == "\"" { j += 2; continue }
                        break
                    }
                    j += 1
                }
                let end = min(j + 1, chars.count)
                append(i..<end); i = end
            } else if c == "$", let tagEnd = dollarTagEnd(chars, i) {
                let tag = Array(chars[i...tagEnd])
                var j = tagEnd + 1
                var closed = chars.count
                while j + tag.count <= chars.count {
                    if chars[j] == "$" && Array(chars[j..<(j + tag.count)]) == tag { closed = j + tag.count; break }
                    j += 1
                }
                append(i..<closed); i = closed
            } else if c == ";" {
                emit(); i += 1
            } else {
                append(i..<(i + 1)); i += 1
            }
        }
        emit()
        return statements
    }

    /// If a dollar-quote tag (`$$` or `$name$`) starts at `i`, the index of its closing `$`.
    private static func dollarTagEnd(_ chars: [Unicode.Scalar], _ i: Int) -> Int? {
        // A tag cannot follow an identifier character ($1 parameters, names like a$b).
        if i > 0, chars[i - 1].properties.isAlphabetic || ("0"..."9").contains(chars[i - 1]) || chars[i - 1] == "_" {
            return nil
        }
        var j = i + 1
        while j < chars.count {
            let c = chars[j]
            if c == "$" { return j }
            let ok = c.properties.isAlphabetic || c == "_" || (j > i + 1 && ("0"..."9").contains(c))
            if !ok { return nil }
            j += 1
        }
        return nil
    }

    private static func isOnlyComments(_ text: String) -> Bool {
        split(lines: text).allSatisfy { $0.isEmpty || $0.hasPrefix("--") }
    }

    private static func split(lines text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
    }
}

import Foundation
