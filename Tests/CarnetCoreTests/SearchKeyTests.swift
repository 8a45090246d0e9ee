import CarnetCore
import Testing

@Suite("SearchKey")
struct SearchKeyTests {
    @Test("fold lower-cases, removes accents and collapses spaces", arguments: [
        ("Éloïse  DUPRÉ", "eloise dupre"),
        ("eloise dupre", "eloise dupre"),
        ("  François\tMüller \n", "francois muller"),
        ("", ""),
        ("   ", ""),
        ("ＡＢＣ", "abc"),
        ("Devis — Brasserie DUPRÉ", "devis — brasserie dupre"),
        ("L’Atelier «Vercors»", "l’atelier «vercors»"),
    ])
    func fold(text: String, key: String) {
        #expect(SearchKey.fold(text) == key)
    }

    @Test("accented and plain spellings give the same key")
    func sameKey() {
        #expect(SearchKey.fold("Chloé Lefèvre") == SearchKey.fold("CHLOE LEFEVRE"))
    }

    @Test("upperBound is above every key with the prefix and below the next prefix")
    func upperBound() {
        let prefix = SearchKey.fold("Dup")
        let bound = SearchKey.upperBound(ofPrefix: prefix)
        #expect(bound.hasPrefix("dup"))
        for key in ["dup", "dupre", "dupont", "dup zzz", "dupé", "dup\u{FFFF}"] {
            #expect(prefix <= key && key < bound, "\(key) should be in [\(prefix), bound)")
        }
        for key in ["duq", "dv", "e", "duo", "du"] {
            #expect(!(prefix <= key && key < bound), "\(key) should be outside the range")
        }
    }
}
