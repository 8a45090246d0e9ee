import Foundation

/// Values that may be missing, as the templates need them.
///
/// Mustache shows a section for every value but `false`, nil and an empty list: a blank text,
/// or an `Optional.none` stored in a `[String: Any]`, would show it (and an `Optional.none`
/// would let the section read the outer object's keys instead). `NSNull` reads as missing.
enum WebValue {
    /// The text, or `NSNull` when it is nil or empty.
    static func text(_ value: String?) -> Any {
        guard let value, !value.isEmpty else { return NSNull() }
        return value
    }

    /// The value, or `NSNull` when it is nil.
    static func optional(_ value: Any?) -> Any {
        value ?? NSNull()
    }
}
