extension String {
    /// Whether the text holds a carriage return or a line feed, the two bytes that end a header line.
    var containsLineBreak: Bool {
        utf8.contains { $0 == 0x0D || $0 == 0x0A }
    }
}
