import CarnetCore
import Testing

@Suite("EmailAddress")
struct EmailAddressTests {
    @Test("accepts ordinary addresses", arguments: [
        "claire@example.com",
        "claire.martin@example.fr",
        "c+crm@mail.example.co.uk",
        "CLAIRE@EXAMPLE.COM",
        "o'neil@example.ie",
        "a@b.co",
        "élodie@exemple.fr",
        "x@sub-domain.example.org",
        "françois.martin@example.fr",
        "zoé@exemple.fr",
        "x@exemple.café",
    ])
    func valid(address: String) {
        #expect(EmailAddress.isValid(address))
    }

    @Test("refuses what cannot be delivered", arguments: [
        "",
        "claire",
        "claire@",
        "@example.com",
        "claire@example",
        "claire@example.c",
        "claire@@example.com",
        "claire@bob@example.com",
        "claire@.example.com",
        "claire@example..com",
        "claire@example.com.",
        "claire@-example.com",
        "claire@example-.com",
        "claire martin@example.com",
        "claire@example.com ",
        "claire@exa\tmple.com",
        "claire@example.com,bob@example.com",
        "claire@example.com;",
        "Claire <claire@example.com>",
        "zoé\u{00A0}martin@example.fr",
        "é,b@example.fr",
        "claire@exemple.é",
    ])
    func invalid(address: String) {
        #expect(!EmailAddress.isValid(address))
    }

    @Test("refuses a local part over 64 characters and an address over 254")
    func lengths() {
        let local64 = String(repeating: "a", count: 64)
        #expect(EmailAddress.isValid(local64 + "@example.com"))
        #expect(!EmailAddress.isValid(local64 + "a@example.com"))

        let label = String(repeating: "d", count: 60)
        let domain = [label, label, label, "example.com"].joined(separator: ".") // 194 characters
        let fits = String(repeating: "a", count: 254 - 1 - domain.count) + "@" + domain
        #expect(fits.utf8.count == 254)
        #expect(EmailAddress.isValid(fits))
        #expect(!EmailAddress.isValid("a" + fits))
    }

    @Test("normalised form is trimmed and lower-cased", arguments: [
        ("  Claire.Martin@Example.COM ", "claire.martin@example.com"),
        ("claire@example.com", "claire@example.com"),
        ("ÉLODIE@EXEMPLE.FR", "élodie@exemple.fr"),
        ("François@Example.fr", "françois@example.fr"),
        ("françois@example.fr", "françois@example.fr"),
    ])
    func normalized(text: String, expected: String) {
        #expect(EmailAddress.normalized(text) == expected)
    }
}
