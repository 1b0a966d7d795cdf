import Foundation

/// The rows of a read-only query, every value as text (nil for SQL NULL).
public struct QueryResult: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[String?]]
    /// True when more rows existed than were fetched.
    public var truncated: Bool
    /// Per row and column, whether the value is JSON text of an array or object (a SQL array,
    /// json or jsonb value, a row): `renderJSON` writes those as JSON, not as strings. Empty
    /// when no value is.
    public var structured: [[Bool]]

    public init(columns: [String], rows: [[String?]], truncated: Bool = false, structured: [[Bool]] = []) {
        self.columns = columns
        self.rows = rows
        self.truncated = truncated
        self.structured = structured
    }

    /// Whether the value at `row`, `column` is a JSON array or object.
    public func isStructured(row: Int, column: Int) -> Bool {
        row < structured.count && column < structured[row].count && structured[row][column]
    }

    /// An aligned table in the style of psql, with a row count footer.
    public func renderTable() -> String {
        let shown = rows.map { $0.map { ($0 ?? "").replacingOccurrences(of: "\n", with: "↵") } }
        var widths = columns.map(\.count)
        for row in shown {
            for (i, v) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], v.count) }
        }
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        var lines: [String] = []
        lines.append(columns.enumerated().map { " " + pad($0.element, widths[$0.offset]) + " " }.joined(separator: "|"))
        lines.append(widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+"))
        for row in shown {
            lines.append(row.enumerated().map { " " + pad($0.element, widths[$0.offset]) + " " }.joined(separator: "|"))
        }
        let count = rows.count == 1 ? "(1 row)" : "(\(rows.count) rows)"
        lines.append(truncated ? "\(count), truncated: add LIMIT or raise --max-rows" : count)
        return lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
            .joined(separator: "\n")
    }

    /// Column names made unique (a second `id` becomes `id_2`), for JSON keys.
    public var uniqueColumns: [String] {
        var seen: [String: Int] = [:]
        return columns.map { name in
            let n = (seen[name] ?? 0) + 1
            seen[name] = n
            return n == 1 ? name : "\(name)_\(n)"
        }
    }

    /// A JSON array of objects, one per row, keys in column order. Values are strings (NULL
    /// is null), except arrays and objects (SQL arrays, json, rows), which stay JSON.
    public func renderJSON() -> String {
        let keys = uniqueColumns
        let objects = rows.enumerated().map { r, row in
            "{" + zip(keys, row).enumerated().map { c, pair in
                let text = pair.1.map { isStructured(row: r, column: c) ? $0 : JSONText.quote($0) } ?? "null"
                return JSONText.quote(pair.0) + ":" + text
            }.joined(separator: ",") + "}"
        }
        return "[" + objects.joined(separator: ",\n ") + "]"
    }

    /// RFC 4180 CSV with a header line; NULL is an empty field.
    public func renderCSV() -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = [columns.map(field).joined(separator: ",")]
        for row in rows { out.append(row.map { field($0 ?? "") }.joined(separator: ",")) }
        return out.joined(separator: "\r\n") + "\r\n"
    }
}

/// Minimal JSON text helpers: quoting, and reading one object's members in order
/// (Foundation's JSONSerialization loses member order and duplicate names).
enum JSONText {
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The members of a flat JSON object in order. String values are unescaped, nested
    /// arrays and objects are returned as their JSON text, `null` as nil.
    static func members(ofObject text: String) -> [(key: String, value: String?)]? {
        var p = Parser(Array(text.utf8))
        return p.object()?.map { ($0.key, $0.value) }
    }

    /// As `members(ofObject:)`, also telling which values are a nested array or object.
    static func typedMembers(ofObject text: String) -> [(key: String, value: String?, structured: Bool)]? {
        var p = Parser(Array(text.utf8))
        return p.object()
    }

    struct Parser {
        let b: [UInt8]
        var i = 0
        init(_ b: [UInt8]) { self.b = b }

        mutating func ws() { while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 } }

        mutating func object() -> [(key: String, value: String?, structured: Bool)]? {
            ws()
            guard i < b.count, b[i] == UInt8(ascii: "{") else { return nil }
            i += 1
            var out: [(key: String, value: String?, structured: Bool)] = []
            ws()
            if i < b.count, b[i] == UInt8(ascii: "}") { return out }
            while true {
                ws()
                guard let key = string() else { return nil }
                ws()
                guard i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                ws()
                guard let value = value() else { return nil }
                out.append((key, value.isNull ? nil : value.text, value.structured))
                ws()
                guard i < b.count else { return nil }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "}") { i += 1; return out }
                return nil
            }
        }

        mutating func value() -> (text: String, isNull: Bool, structured: Bool)? {
            guard i < b.count else { return nil }
            let c = b[i]
            if c == UInt8(ascii: "\"") { return string().map { ($0, false, false) } }
            if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                let start = i
                var depth = 0
                while i < b.count {
                    let d = b[i]
                    if d == UInt8(ascii: "\"") { _ = string(); continue }
                    if d == UInt8(ascii: "{") || d == UInt8(ascii: "[") { depth += 1 }
                    if d == UInt8(ascii: "}") || d == UInt8(ascii: "]") { depth -= 1 }
                    i += 1
                    if depth == 0 { break }
                }
                return (String(decoding: b[start..<i], as: UTF8.self), false, true)
            }
            let start = i
            while i < b.count, b[i] != UInt8(ascii: ","), b[i] != UInt8(ascii: "}"), b[i] != UInt8(ascii: "]") { i += 1 }
            let raw = String(decoding: b[start..<i], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            return (raw, raw == "null", false)
        }

        mutating func string() -> String? {
            guard i < b.count, b[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            var bytes: [UInt8] = []
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") { i += 1; return String(decoding: bytes, as: UTF8.self) }
                if c == UInt8(ascii: "\\"), i + 1 < b.count {
                    let e = b[i + 1]
                    i += 2
                    switch e {
                    case UInt8(ascii: "n"): bytes.append(0x0A)
                    case UInt8(ascii: "t"): bytes.append(0x09)
                    case UInt8(ascii: "r"): bytes.append(0x0D)
                    case UInt8(ascii: "b"): bytes.append(0x08)
                    case UInt8(ascii: "f"): bytes.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard i + 4 <= b.count, var code = UInt32(String(decoding: b[i..<(i + 4)], as: UTF8.self), radix: 16) else { return nil }
                        i += 4
                        // Surrogate pair.
                        if (0xD800..<0xDC00).contains(code), i + 6 <= b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u"),
                            let low = UInt32(String(decoding: b[(i + 2)..<(i + 6)], as: UTF8.self), radix: 16) {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            i += 6
                        }
                        bytes.append(contentsOf: Array(String(Unicode.Scalar(code).map(Character.init) ?? "\u{FFFD}").utf8))
                    default: bytes.append(e)
                    }
                    continue
                }
                bytes.append(c)
                i += 1
            }
            return nil
        }
    }
}
