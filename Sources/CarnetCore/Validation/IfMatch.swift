import Foundation

/// Reads the `If-Match` header of a write: the row version the caller last saw.
public enum IfMatch {
    /// The version in `If-Match: 3` (or `"3"`, `W/"3"`); nil when there is no header.
    public static func version(_ header: String?) throws(CarnetError) -> Int? {
        guard let header else { return nil }
        guard let version = Int(header.trimmingCharacters(in: CharacterSet(charactersIn: "W/\" "))) else {
            throw .malformed(detail: "If-Match must be the row's version number, e.g. If-Match: 3.", field: "If-Match")
        }
        return version
    }
}
