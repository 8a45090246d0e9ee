/// One complete server reply: a three-digit code and the text of each of its lines.
struct SMTPReply: Sendable, Hashable {
    /// The reply code, e.g. 250; the code of the last line when a multi-line reply mixes them.
    var code: Int
    /// The text after `250-` or `250 ` on each line.
    var lines: [String]

    /// The reply text on one line, for errors and logs.
    var text: String {
        lines.joined(separator: " ")
    }

    /// The EHLO keywords (upper-cased) with their parameters, from every line but the first.
    ///
    /// The obsolete `AUTH=PLAIN LOGIN` form is read as `AUTH` with `PLAIN LOGIN`.
    var extensions: [String: [String]] {
        var result: [String: [String]] = [:]
        for line in lines.dropFirst() {
            var words = line.split(separator: " ").map { String($0) }
            guard !words.isEmpty else { continue }
            var keyword = words.removeFirst().uppercased()
            if keyword.hasPrefix("AUTH=") {
                words.insert(String(keyword.dropFirst(5)), at: 0)
                keyword = "AUTH"
            }
            result[keyword, default: []] += words.map { $0.uppercased() }
        }
        return result
    }
}
