import Foundation

extension ChatClient {
    /// The first choice's `message.content` of a chat completion body; a clear
    /// `.malformedResponse` error (with the start of the body) otherwise.
    static func content(of data: Data, url: String, status: Int) throws -> String {
        func malformed(_ what: String) -> OpenAICompatibleError {
            OpenAICompatibleError(.malformedResponse,
                "\(url) answered \(status) but \(what); the body begins: \"\(preview(data))\"; "
                    + "check that the URL is an OpenAI-compatible /v1 base", status: status)
        }
        guard !data.isEmpty else { throw malformed("with an empty body") }
        guard let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw malformed("the body is not JSON")
        }
        guard let object = json as? [String: Any] else { throw malformed("the body is not a JSON object") }
        guard let choices = object["choices"] as? [Any], let first = choices.first else {
            throw malformed("the body has no choices")
        }
        guard let message = (first as? [String: Any])?["message"] as? [String: Any] else {
            throw malformed("its first choice has no message")
        }
        guard let content = message["content"] as? String else {
            throw malformed("its first choice's message has no text content")
        }
        return content
    }

    /// The server's own error message: `{"error": {"message": ...}}`, `{"error": "..."}`,
    /// `{"message": ...}` or `{"detail": ...}`, else the start of the body as text.
    static func serverMessage(_ data: Data) -> String {
        if let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] {
            if let error = object["error"] as? [String: Any], let message = error["message"] as? String { return message }
            for key in ["error", "message", "detail"] {
                if let message = object[key] as? String { return message }
            }
        }
        return preview(data)
    }

    /// The first 200 characters of a body, as text.
    static func preview(_ data: Data) -> String {
        let text = String(decoding: data.prefix(4096), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}

extension OpenAICompatibleError {
    /// An error status with the server's message; 401/403 and 404 say what to check.
    static func status(_ code: Int, reason: String, url: String, serverMessage: String, retryAfter: Duration?) -> OpenAICompatibleError {
        var hint: String
        switch code {
        case 401, 403: hint = "check PREFLEXOR_LLM_KEY (the API key)"
        case 404: hint = "check the base URL (it usually ends in /v1) and the model name"
        case 429: hint = "the server is rate limiting; lower the concurrency or wait"
        case 500...: hint = "the server failed; see its log"
        default: hint = "the server refused the request"
        }
        let said = serverMessage.isEmpty ? "" : ": \(serverMessage)"
        var error = OpenAICompatibleError(.httpStatus, "\(url) answered \(code) \(reason)\(said); \(hint)", status: code)
        error.retryAfter = retryAfter
        return error
    }
}
