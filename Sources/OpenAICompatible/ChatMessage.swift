/// One message of a chat: a role and its text.
public struct ChatMessage: Sendable, Hashable, Codable {
    /// Who speaks.
    public enum Role: String, Sendable, Hashable, Codable {
        /// Instructions for the model.
        case system
        /// The user's turn.
        case user
        /// The model's turn (for few-shot examples and multi-turn chats).
        case assistant
    }

    /// Who speaks.
    public var role: Role
    /// The text.
    public var content: String

    /// Creates a message.
    public init(_ role: Role, _ content: String) {
        self.role = role
        self.content = content
    }

    /// A system message.
    public static func system(_ content: String) -> ChatMessage { ChatMessage(.system, content) }
    /// A user message.
    public static func user(_ content: String) -> ChatMessage { ChatMessage(.user, content) }
}

/// The JSON body of POST /chat/completions: deterministic (keys sorted), so its hash can key
/// a cache.
public struct ChatRequest: Sendable, Hashable, Codable {
    /// The model's name as the endpoint knows it.
    public var model: String
    /// The conversation.
    public var messages: [ChatMessage]
    /// Sampling temperature; 0 for extraction (as deterministic as the server allows).
    public var temperature: Double
    /// Most tokens to generate; nil leaves it to the server.
    public var maxTokens: Int?
    /// Always false: the client reads one complete reply.
    public var stream: Bool

    enum CodingKeys: String, CodingKey {
        case model, messages, temperature, stream
        case maxTokens = "max_tokens"
    }

    /// Creates a request.
    public init(model: String, messages: [ChatMessage], temperature: Double = 0, maxTokens: Int? = nil) {
        self.model = model
        self.messages = messages
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.stream = false
    }
}
