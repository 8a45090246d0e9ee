import CarnetHTTP
import Testing

@Suite("Credentials")
struct CredentialsTests {
    @Test("a token's stored hash is the lowercase hex SHA-256 of the token")
    func tokenHash() {
        #expect(Credentials.tokenHash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Credentials.tokenHash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("new tokens are distinct and carry the crn_ prefix")
    func newTokens() {
        let first = Credentials.newToken()
        #expect(first.hasPrefix("crn_"))
        #expect(first != Credentials.newToken())
    }
}
