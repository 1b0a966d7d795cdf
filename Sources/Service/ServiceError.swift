import Foundation
import Hummingbird

/// An error the service answers with `{"error":{"code":"…","message":"…"}}`.
///
/// Codes are stable (clients may branch on them); messages help the client and never hold
/// SQL of ours, file paths or secrets: 5xx details go to the log only.
public struct ServiceError: HTTPResponseError, Sendable, CustomStringConvertible {
    /// A stable error code with its HTTP status.
    public struct Code: Hashable, Sendable {
        public let name: String
        public let status: HTTPResponse.Status
        public static let unauthorized = Code(name: "unauthorized", status: .unauthorized)
        public static let keyRevoked = Code(name: "key_revoked", status: .unauthorized)
        public static let forbidden = Code(name: "forbidden", status: .forbidden)
        public static let notFound = Code(name: "not_found", status: .notFound)
        public static let methodNotAllowed = Code(name: "method_not_allowed", status: .methodNotAllowed)
        public static let malformedJSON = Code(name: "malformed_json", status: .badRequest)
        public static let invalidRequest = Code(name: "invalid_request", status: .badRequest)
        public static let bodyTooLarge = Code(name: "body_too_large", status: .contentTooLarge)
        public static let invalidJATS = Code(name: "invalid_jats", status: .badRequest)
        public static let sqlRefused = Code(name: "sql_refused", status: .forbidden)
        public static let sqlTimeout = Code(name: "sql_timeout", status: .requestTimeout)
        public static let sqlError = Code(name: "sql_error", status: .badRequest)
        public static let conflict = Code(name: "conflict", status: .conflict)
        public static let modelUnavailable = Code(name: "model_unavailable", status: .serviceUnavailable)
        public static let unavailable = Code(name: "unavailable", status: .serviceUnavailable)
        public static let timeout = Code(name: "timeout", status: .serviceUnavailable)
        public static let `internal` = Code(name: "internal", status: .internalServerError)
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var status: HTTPResponse.Status { code.status }
    public var description: String { "\(code.name): \(message)" }

    /// The JSON body of an error.
    struct Body: Codable, Equatable {
        struct Detail: Codable, Equatable {
            var code: String
            var message: String
        }
        var error: Detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    func response() -> Response {
        let data = (try? JSONIO.encoder().encode(Body(error: .init(code: code.name, message: message)))) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
