import Foundation

/// The readable text of an HTML body, for a message that has no text/plain part.
///
/// Not a browser: it drops `head`, `script` and `style`, turns block ends and `<br>` into
/// line breaks, removes every other tag, decodes the common entities and numeric
/// references, and keeps at most one blank line in a row.
enum HTMLText {
    static func plain(_ html: String) -> String {
        let scalars = Array(html.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<" {
                guard let close = scalars[index...].firstIndex(of: ">") else { break }
                let tag = name(scalars[(index + 1)..<close])
                if ["script", "style", "head"].contains(tag), let end = closing(tag, in: scalars, from: close + 1) {
                    index = end
                    continue
                }
                if ["br", "/p", "/div", "/li", "/tr", "/h1", "/h2", "/h3", "/h4", "/h5", "/h6", "/blockquote", "/table"].contains(tag) {
                    output.append("\n")
                } else if tag == "li" {
                    output.append(contentsOf: "- ".unicodeScalars)
                }
                index = close + 1
            } else if scalar == "&", let (decoded, next) = entity(scalars, at: index) {
                output.append(decoded)
                index = next
            } else {
                if scalar != "\r" { output.append(scalar) }
                index += 1
            }
        }
        return tidy(String(output))
    }

    /// The lowercased tag name, `/` kept for closing tags: `<BR/>` → `br`, `</P>` → `/p`.
    private static func name(_ inside: ArraySlice<Unicode.Scalar>) -> String {
        var text = ""
        for scalar in inside {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || (scalar == "/" && !text.isEmpty) { break }
            text.unicodeScalars.append(scalar)
        }
        return text.lowercased()
    }

    /// The index after the `</tag>` that ends an element's content, if there is one.
    private static func closing(_ tag: String, in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        while index < scalars.count {
            if scalars[index] == "<", index + 1 < scalars.count, scalars[index + 1] == "/",
               let close = scalars[index...].firstIndex(of: ">"), name(scalars[(index + 1)..<close]) == "/" + tag {
                return close + 1
            }
            index += 1
        }
        return nil
    }

    static let named: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "eacute": "é", "egrave": "è", "agrave": "à",
        "ccedil": "ç", "ecirc": "ê", "ocirc": "ô", "ucirc": "û", "euro": "€", "laquo": "«", "raquo": "»", "rsquo": "’", "hellip": "…",
    ]

    /// The character an entity at `start` stands for and the index after it.
    private static func entity(_ scalars: [Unicode.Scalar], at start: Int) -> (Unicode.Scalar, Int)? {
        guard let end = scalars[start...].prefix(12).firstIndex(of: ";") else { return nil }
        var body = ""
        body.unicodeScalars.append(contentsOf: scalars[(start + 1)..<end])
        if body.hasPrefix("#") {
            let digits = body.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let value, let scalar = Unicode.Scalar(value) else { return nil }
            return (scalar, end + 1)
        }
        return named[body.lowercased()].map { ($0, end + 1) }
    }

    /// Trims each line and keeps at most one blank line in a row.
    private static func tidy(_ text: String) -> String {
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty && (lines.last?.isEmpty ?? true) { continue }
            lines.append(Substring(trimmed))
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
