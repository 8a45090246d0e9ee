import Foundation

/// The header fields of a message or a MIME part, unfolded, names compared case-insensitively.
public struct MIMEHeaders: Sendable {
    /// The fields in order, names lowercased, values unfolded but not decoded.
    var fields: [(name: String, value: String)]

    /// Reads a header block: a line starting with a space or a tab continues the field above
    /// (unfolding removes the line break and keeps the blank). A line that is not `Name: value`
    /// nor a continuation makes the block unreadable (nil).
    init?(block: String) {
        fields = []
        // "\r\n" is one Character in Swift: split on the scalars so both line ends work.
        for scalars in block.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = Substring(scalars.last == "\r" ? scalars.dropLast() : scalars)
            if line.isEmpty { continue }
            if line.first == " " || line.first == "\t" {
                guard !fields.isEmpty else { return nil }
                fields[fields.count - 1].value += line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = line[..<colon]
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 }) else { return nil }
            fields.append((name.lowercased(), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
    }

    /// The value of the first field called `name`, if any.
    subscript(name: String) -> String? {
        let key = name.lowercased()
        return fields.first { $0.name == key }?.value
    }

    /// A value such as `text/plain; charset="utf-8"`: the lowercased first part and the
    /// parameters, names lowercased, quotes removed.
    public static func parameterized(_ value: String) -> (value: String, parameters: [String: String]) {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in value {
            if escaped {
                current.append(character)
                escaped = false
            } else if quoted && character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ";" && !quoted {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        var parameters: [String: String] = [:]
        for part in parts.dropFirst() {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let name = part[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            parameters[name] = part[part.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return (parts[0].trimmingCharacters(in: .whitespaces).lowercased(), parameters)
    }

    /// The ids between angle brackets in a `Message-ID`, `In-Reply-To` or `References` value, brackets removed.
    static func messageIDs(_ value: String?) -> [String] {
        guard let value else { return [] }
        var ids: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: ">") else { break }
            let id = after[..<close].trimmingCharacters(in: .whitespaces)
            if !id.isEmpty, id.count <= 900 { ids.append(id) }
            rest = after[after.index(after: close)...]
        }
        return ids
    }
}
