/// One header line being rendered: a name and the words of its value, folded at 78 characters.
struct HeaderField {
    /// The header name as written, e.g. `Subject`.
    var name: String
    /// The value's words; they are joined by single spaces, and a fold replaces such a space.
    var words: [String]

    /// Renders `Name: value` with CRLF folds before words that would pass 78 characters.
    ///
    /// Unfolding (removing the CRLF) gives back the words joined by single spaces. Empty words are
    /// never moved to a new line, since a folded line made only of whitespace is not allowed. A single
    /// word longer than a line stays whole.
    func rendered() -> String {
        var output = name + ":"
        var lineLength = output.count
        for word in words {
            if !word.isEmpty && lineLength + 1 + word.count > 78 && lineLength > name.count + 1 {
                output += "\r\n " + word
                lineLength = 1 + word.count
            } else {
                output += " " + word
                lineLength += 1 + word.count
            }
        }
        return output + "\r\n"
    }

    /// A field holding free text such as a subject: plain words when ASCII, encoded-words otherwise.
    static func unstructured(name: String, text: String) -> HeaderField {
        if MIMEEncoding.needsEncodedWords(text) {
            return HeaderField(name: name, words: MIMEEncoding.encodedWords(text))
        }
        return HeaderField(name: name, words: text.split(separator: " ", omittingEmptySubsequences: false).map(String.init))
    }

    /// A field holding a comma-separated address list.
    static func addresses(name: String, _ addresses: [MailAddress]) -> HeaderField {
        var words: [String] = []
        for (index, address) in addresses.enumerated() {
            var addressWords = address.headerWords
            if index < addresses.count - 1, let last = addressWords.popLast() {
                addressWords.append(last + ",")
            }
            words += addressWords
        }
        return HeaderField(name: name, words: words)
    }
}
