import Foundation

/// Writes each message as an `.eml` file into a folder, for development, tests and demos.
///
/// The file name is the message id with every character outside `A-Z a-z 0-9 . _ + - @`
/// percent-escaped (and a leading dot escaped), so distinct ids never share a file and a retry with
/// the same id overwrites the earlier file. Files are written to a temporary name and then renamed,
/// so a reader never sees half a message.
public struct FileMailTransport: MailTransport {
    /// The folder receiving the `.eml` files; created on first send.
    public let folder: URL
    private let now: @Sendable () -> Date

    /// Creates a transport writing into `folder`; `now` gives the `Date` header.
    public init(folder: URL, now: @escaping @Sendable () -> Date = { Date() }) {
        self.folder = folder
        self.now = now
    }

    /// Renders the message and writes it to `<escaped message id>.eml`, replacing any earlier one.
    public func send(_ message: MailMessage, messageID: String) async throws {
        let bytes = try message.rendered(date: now(), messageID: messageID)
        let id = try MailMessage.normalizedMessageID(messageID)
        let destination = fileURL(forMessageID: id)
        let temporary = folder.appendingPathComponent(".\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(bytes).write(to: temporary)
            if rename(temporary.path, destination.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw MailError.fileWriteFailed(path: destination.path, reason: reason)
            }
        } catch let error as MailError {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw MailError.fileWriteFailed(path: destination.path, reason: error.localizedDescription)
        }
    }

    /// The file a message with this id is (or would be) written to.
    public func fileURL(forMessageID messageID: String) -> URL {
        let id = (try? MailMessage.normalizedMessageID(messageID)) ?? messageID
        return folder.appendingPathComponent(Self.fileName(forMessageID: id))
    }

    static func fileName(forMessageID id: String) -> String {
        var name = ""
        for (index, byte) in id.utf8.enumerated() {
            let isSafe = switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "+"),
                 UInt8(ascii: "-"), UInt8(ascii: "@"):
                true
            case UInt8(ascii: "."):
                index > 0
            default:
                false
            }
            name += isSafe ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
        }
        return name + ".eml"
    }
}
