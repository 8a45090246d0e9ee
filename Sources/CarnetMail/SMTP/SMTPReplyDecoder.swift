import NIOCore

/// Turns the byte stream from the server into complete, possibly multi-line, replies.
///
/// A bare LF is accepted as a line end; a line longer than 4 KiB, or one not starting with three
/// digits, is a protocol violation that ends the connection.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    private static let maximumLineLength = 4096
    private var lines: [String] = []

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let lineFeed = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLineLength {
                throw SMTPConnectionError.malformedReply("a reply line longer than \(Self.maximumLineLength) bytes")
            }
            return .needMoreData
        }
        let length = lineFeed - view.startIndex + 1
        guard var line = buffer.readString(length: length) else {
            throw SMTPConnectionError.malformedReply("a reply line that is not UTF-8")
        }
        while line.hasSuffix("\n") || line.hasSuffix("\r") || line.hasSuffix("\r\n") {
            line.removeLast()
        }
        let characters = Array(line.utf8)
        guard characters.count >= 3, characters[0..<3].allSatisfy({ (0x30...0x39).contains($0) }),
              let code = Int(String(decoding: characters[0..<3], as: UTF8.self)) else {
            throw SMTPConnectionError.malformedReply(line)
        }
        let separator = characters.count > 3 ? characters[3] : UInt8(ascii: " ")
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw SMTPConnectionError.malformedReply(line)
        }
        lines.append(characters.count > 4 ? String(decoding: characters[4...], as: UTF8.self) : "")
        if separator == UInt8(ascii: " ") {
            context.fireChannelRead(wrapInboundOut(SMTPReply(code: code, lines: lines)))
            lines = []
        }
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
