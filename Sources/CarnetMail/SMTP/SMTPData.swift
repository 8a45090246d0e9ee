/// Prepares a rendered message for the SMTP DATA phase.
enum SMTPData {
    /// Dot-stuffs the message and appends the `CRLF.CRLF` terminator.
    ///
    /// Every line starting with `.` gets a second one, which the server removes again (RFC 5321
    /// 4.5.2); without it a line holding a single dot would end the message early. A missing final
    /// CRLF is added so the terminator always stands on its own line.
    static func payload(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + 64)
        var atLineStart = true
        for byte in message {
            if atLineStart && byte == UInt8(ascii: ".") {
                output.append(UInt8(ascii: "."))
            }
            output.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        if !output.isEmpty && !output.suffix(2).elementsEqual([0x0D, 0x0A]) {
            output += [0x0D, 0x0A]
        }
        output += Array(".\r\n".utf8)
        return output
    }
}
