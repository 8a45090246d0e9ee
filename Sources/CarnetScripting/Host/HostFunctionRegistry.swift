import Synchronization

/// The host functions of a runtime. Sandboxes take a snapshot when they are created.
final class HostFunctionRegistry: Sendable {
    private let functions = Mutex<[String: HostFunction]>([:])

    func register(_ function: HostFunction) throws(HostFunctionRegistrationError) {
        let path = function.path
        let segments = path.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count >= 2, segments[0] == "crm", segments.allSatisfy(Self.isIdentifier) else {
            throw .invalidPath(path)
        }
        try functions.withLock { (functions: inout [String: HostFunction]) throws(HostFunctionRegistrationError) in
            guard functions[path] == nil else { throw .duplicate(path) }
            for other in functions.keys where other.hasPrefix(path + ".") || path.hasPrefix(other + ".") {
                throw .conflict(path: path, with: other)
            }
            functions[path] = function
        }
    }

    /// The functions, sorted by path: their ids in a sandbox are their indices.
    func snapshot() -> [HostFunction] {
        functions.withLock { $0.values.sorted { $0.path < $1.path } }
    }

    private static let keywords: Set<Substring> = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
        "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    ]

    /// A Lua name: letters, digits and _, not starting with a digit, not a keyword.
    private static func isIdentifier(_ name: Substring) -> Bool {
        guard !keywords.contains(name), let first = name.unicodeScalars.first, first.isASCII, first == "_" || first.properties.isAlphabetic else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }
}
