import Foundation

/// A `multipart/form-data` body (RFC 7578) split into its parts. Only what uploads need: each
/// part's field name, file name, content type and bytes; no nested multiparts, no transfer
/// encodings other than binary.
struct MultipartForm {
    struct Part: Equatable {
        var name: String?
        var filename: String?
        var contentType: String?
        var body: Data
    }

    var parts: [Part]

    /// The boundary of a `multipart/form-data` content type, nil for any other type.
    static func boundary(contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let type = pieces.first, type.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            guard let eq = piece.firstIndex(of: "="), piece[..<eq].lowercased() == "boundary" else { continue }
            var value = String(piece[piece.index(after: eq)...])
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// Splits `body` on `boundary`. Throws `ServiceError(.invalidRequest)` naming what is wrong
    /// (no opening boundary, a part without its blank line, no closing boundary).
    init(_ body: Data, boundary: String) throws {
        guard (1...70).contains(boundary.utf8.count) else {
            throw ServiceError(.invalidRequest, "the multipart boundary must have 1 to 70 characters")
        }
        let bytes = [UInt8](body)
        let delimiter = Array("--\(boundary)".utf8)
        guard var start = Self.find(delimiter, in: bytes, from: 0) else {
            throw ServiceError(.invalidRequest, "the multipart body has no boundary line '--\(boundary)'")
        }
        var parts: [Part] = []
        let separator = Array("\r\n".utf8) + delimiter
        while true {
            var cursor = start + delimiter.count
            if bytes[cursor...].starts(with: Array("--".utf8)) { break }  // the closing boundary
            // Rest of the boundary line (transport padding), then CRLF.
            guard let lineEnd = Self.find(Array("\r\n".utf8), in: bytes, from: cursor) else {
                throw ServiceError(.invalidRequest, "multipart part \(parts.count + 1): the boundary line does not end")
            }
            cursor = lineEnd + 2
            guard let headerEnd = Self.find(Array("\r\n\r\n".utf8), in: bytes, from: cursor - 2) else {
                throw ServiceError(.invalidRequest, "multipart part \(parts.count + 1): no blank line after its headers")
            }
            let headerText = String(decoding: bytes[cursor..<max(cursor, headerEnd)], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = Self.find(separator, in: bytes, from: contentStart) else {
                throw ServiceError(.invalidRequest, "multipart part \(parts.count + 1): no closing boundary '--\(boundary)--'")
            }
            var part = Part(body: Data(bytes[contentStart..<next]))
            for line in headerText.components(separatedBy: "\r\n") where !line.isEmpty {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                switch field {
                case "content-disposition":
                    part.name = Self.parameter("name", in: value)
                    part.filename = Self.parameter("filename", in: value)
                case "content-type":
                    part.contentType = value
                default:
                    break
                }
            }
            parts.append(part)
            start = next + 2
        }
        self.parts = parts
    }

    /// `key="value"` or `key=value` from a header value such as Content-Disposition.
    static func parameter(_ key: String, in value: String) -> String? {
        var rest = Substring(value)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...]
            let piece = rest.drop { $0 == " " }
            guard let eq = piece.firstIndex(of: "="), piece[..<eq].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            let after = piece[piece.index(after: eq)...]
            if after.hasPrefix("\"") {
                var out = ""
                var escaped = false
                for c in after.dropFirst() {
                    if escaped { out.append(c); escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { return out } else { out.append(c) }
                }
                return out
            }
            return String(after.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var i = from
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first && haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
