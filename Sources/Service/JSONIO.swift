import Foundation
import Hummingbird
import Store

/// Reading JSON request bodies and writing JSON responses, the same way on every route.
enum JSONIO {
    /// Sorted keys and ISO dates, as the CLI's `--json` (compact here).
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// A JSON response of `value`.
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        raw(try encoder().encode(value), status: status, headers: headers)
    }

    /// A response whose body is JSON text made elsewhere.
    static func raw(_ data: Data, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Reads at most `limit` bytes of body (413 beyond) and decodes `T` with snake_case keys;
    /// a body that is not JSON, or not of this shape, is a 400 that says which field is wrong.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        try decode(T.self, from: try await body(request, limit: limit))
    }

    /// At most `limit` bytes of body (413 beyond).
    static func body(_ request: Request, limit: Int) async throws -> Data {
        var request = request
        return Data(try await request.collectBody(upTo: limit).readableBytesView)
    }

    /// `T` from a JSON body with snake_case keys; 400 naming the field when it does not fit.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        // JSON may escape a NUL ("\u0000"), but PostgreSQL text cannot hold one.
        if data.range(of: Data("\\u0000".utf8)) != nil {
            throw ServiceError(.invalidRequest, "the body contains a NUL character (\\u0000), which no text field can hold")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw ServiceError(.malformedJSON, describe(error))
        } catch {
            throw ServiceError(.malformedJSON, "the body is not valid JSON")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "the body" : "'" + keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") + "'"
        }
        switch error {
        case .dataCorrupted(let c) where c.codingPath.isEmpty: return "the body is not valid JSON"
        case .dataCorrupted(let c): return "\(path(c.codingPath)) is malformed: \(c.debugDescription)"
        case .keyNotFound(let key, let c): return "missing field '\(snake(key.stringValue))' in \(path(c.codingPath))"
        case .typeMismatch(_, let c): return "\(path(c.codingPath.map { SnakeKey($0) })) has the wrong type: \(c.debugDescription)"
        case .valueNotFound(_, let c): return "\(path(c.codingPath.map { SnakeKey($0) })) must not be null"
        @unknown default: return "the body does not have the expected shape"
        }
    }

    static func snake(_ camel: String) -> String {
        camel.reduce(into: "") { out, c in
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
    }

    struct SnakeKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(_ key: any CodingKey) { stringValue = JSONIO.snake(key.stringValue); intValue = key.intValue }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { self.stringValue = "\(intValue)"; self.intValue = intValue }
    }

    /// `{"columns": […], "rows": [{column: text|null, …}], "truncated": bool}`: a query
    /// result in the row format of `preflexor sql --json` (values as text, NULL as null).
    static func queryResult(_ result: QueryResult) -> Response {
        let columns = "[" + result.columns.map(quote).joined(separator: ",") + "]"
        let text = "{\"columns\":\(columns),\"rows\":\(result.renderJSON()),\"truncated\":\(result.truncated)}"
        return raw(Data(text.utf8))
    }

    static func quote(_ s: String) -> String {
        String(decoding: (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}

/// Query-string access with errors that name the parameter.
extension Request {
    func queryString(_ name: String) -> String? {
        uri.queryParameters.get(name).flatMap { $0.isEmpty ? nil : $0 }
    }

    func requiredQuery(_ name: String) throws -> String {
        guard let value = queryString(name) else { throw ServiceError(.invalidRequest, "missing query parameter '\(name)'") }
        return value
    }

    func queryInt(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = queryString(name) else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw ServiceError(.invalidRequest, "query parameter '\(name)' must be an integer in \(range.lowerBound)...\(range.upperBound), not '\(text)'")
        }
        return n
    }

    func queryBool(_ name: String) throws -> Bool {
        guard let text = queryString(name) else { return false }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw ServiceError(.invalidRequest, "query parameter '\(name)' must be true or false, not '\(text)'")
        }
    }
}
