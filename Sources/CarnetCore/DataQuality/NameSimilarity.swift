/// How alike two names are, from 0 (nothing in common) to 1 (the same once folded).
///
/// Names are folded first (lower case, accents removed, spaces collapsed: `SearchKey.fold`),
/// then compared with Jaro-Winkler, which forgives a typo or a swapped pair of letters and
/// rewards a common beginning: `Dupont` / `Dupond` 0.93, `Martin` / `Martine` 0.97.
public enum NameSimilarity {
    /// The Jaro-Winkler similarity of the folded names; 0 when either is blank.
    public static func of(_ lhs: String, _ rhs: String) -> Double {
        jaroWinkler(Array(SearchKey.fold(lhs).unicodeScalars), Array(SearchKey.fold(rhs).unicodeScalars))
    }

    static func jaroWinkler(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        if a == b { return 1 }
        let window = max(max(a.count, b.count) / 2 - 1, 0)
        var aMatched = [Bool](repeating: false, count: a.count)
        var bMatched = [Bool](repeating: false, count: b.count)
        var matches = 0
        for i in a.indices {
            let low = max(0, i - window), high = min(b.count - 1, i + window)
            guard low <= high else { continue }
            for j in low...high where !bMatched[j] && a[i] == b[j] {
                aMatched[i] = true
                bMatched[j] = true
                matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var transpositions = 0
        var j = 0
        for i in a.indices where aMatched[i] {
            while !bMatched[j] { j += 1 }
            if a[i] != b[j] { transpositions += 1 }
            j += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(a.count) + m / Double(b.count) + (m - Double(transpositions / 2)) / m) / 3
        var prefix = 0
        while prefix < min(4, a.count, b.count), a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
