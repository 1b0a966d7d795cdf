import Embedding
import Foundation
import Hummingbird
import JATS
import Logging
import Reasoning
import Retrieval
import Store

extension ServiceError {
    /// The service's answer to any error a route threw: its own errors as they are, the
    /// framework's by status, the modules' by code; anything else is a 500 whose detail goes
    /// to the log, never to the client.
    static func from(_ error: any Error, logger: Logger) -> ServiceError {
        switch error {
        case let error as ServiceError:
            return error
        case let error as StoreError:
            switch error.code {
            case .notFound: return ServiceError(.notFound, error.message)
            case .conflict: return ServiceError(.conflict, error.message)
            case .readOnlyViolation: return ServiceError(.sqlRefused, error.message)
            case .timeout: return ServiceError(.sqlTimeout, error.message)
            case .connection:
                logger.error("database unreachable: \(String(reflecting: error))")
                return ServiceError(.unavailable, "the database is unreachable; try again shortly")
            default:
                break
            }
        case let error as RetrievalError where error.code == .invalidOptions:
            return ServiceError(.invalidRequest, error.message)
        case let error as ReasoningError where error.code == .invalidOptions:
            return ServiceError(.invalidRequest, error.message)
        case let error as any HTTPResponseError:
            switch error.status {
            case .contentTooLarge: return ServiceError(.bodyTooLarge, "the request body is larger than this route accepts")
            case .notFound: return ServiceError(.notFound, "no such route; see docs/openapi.yaml")
            case .methodNotAllowed: return ServiceError(.methodNotAllowed, "this route does not take that method")
            case let status where (400..<500).contains(status.code):
                return ServiceError(Code(name: "invalid_request", status: status), (error as? HTTPError)?.body ?? status.reasonPhrase)
            default:
                break
            }
        default:
            break
        }
        logger.error("request failed: \(String(reflecting: error))")
        return ServiceError(.internal, "internal error; the server log has the details")
    }
}
