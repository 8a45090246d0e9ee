import Foundation

/// Turns the bytes of a text in a declared charset into a string.
///
/// UTF-8 (and US-ASCII) and ISO-8859-1 are read exactly; Windows-1252, which mailers often
/// label ISO-8859-1, is read as such when named. An unknown or wrong label falls back to
/// UTF-8 when the bytes are valid UTF-8, else to ISO-8859-1, which maps every byte: a message
/// is never refused for its charset.
enum MIMECharset {
    static func decode(_ bytes: some Collection<UInt8>, charset: String?) -> String {
        let name = (charset ?? "utf-8").lowercased()
        switch name {
        case "iso-8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "iso8859-1":
            return latin1(bytes)
        case "windows-1252", "cp1252":
            if let text = String(data: Data(bytes), encoding: .windowsCP1252) { return text }
        default:
            break
        }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return latin1(bytes)
    }

    /// Every byte as the code point of the same value.
    static func latin1(_ bytes: some Collection<UInt8>) -> String {
        var text = String.UnicodeScalarView()
        for byte in bytes { text.append(Unicode.Scalar(byte)) }
        return String(text)
    }
}
