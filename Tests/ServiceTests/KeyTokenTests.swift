import Store
import Testing

/// The key format `pfx_<id>_<64 hex>` and the digest comparison.
@Suite struct KeyTokenTests {
    @Test func roundTripAndRejects() throws {
        let secret = APIKeyToken.randomSecret()
        #expect(secret.count == 64)
        #expect(secret != APIKeyToken.randomSecret())
        let token = APIKeyToken(id: 42, secret: secret)
        #expect(token.text == "pfx_42_" + secret)
        #expect(APIKeyToken(parsing: token.text) == token)
        for bad in ["", "pfx_", "pfx_42", "pfx_42_" + secret.dropLast(), "pfx_x_" + secret, "pfx_-1_" + secret,
                    "pfx_42_" + secret.uppercased(), "key_42_" + secret, "pfx_42_" + secret + "0"] {
            #expect(APIKeyToken(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func digestComparison() {
        let a = APIKeyToken.hash("a")
        #expect(a.count == 32)
        #expect(APIKeyToken.constantTimeEqual(a, APIKeyToken.hash("a")))
        #expect(!APIKeyToken.constantTimeEqual(a, APIKeyToken.hash("b")))
        #expect(!APIKeyToken.constantTimeEqual(a, Array(a.prefix(31))))
        #expect(APIKey.Role.reader < .writer && APIKey.Role.writer < .admin)
    }
}
