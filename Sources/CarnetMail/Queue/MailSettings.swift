import Foundation

/// How Carnet sends e-mail (`[mail]` in `config/carnet.toml`).
public struct MailSettings: Sendable, Equatable {
    /// Where messages go.
    public enum Transport: Sendable, Equatable {
        /// Each message as an `.eml` file in a folder: the default, to read what would be sent.
        case file(folder: String)
        /// A real SMTP server.
        case smtp(SMTPSettings)
    }

    public var transport: Transport
    /// The sender of every message Carnet writes.
    public var from: MailAddress
    /// The right-hand side of the `Message-ID`s Carnet makes (`<job id>@domain`).
    public var messageIDDomain: String

    public init(transport: Transport = .file(folder: "data/mail"), from: MailAddress = MailSettings.defaultSender, messageIDDomain: String = "carnet.localhost") {
        self.transport = transport
        self.from = from
        self.messageIDDomain = messageIDDomain
    }

    /// `Carnet <carnet@localhost>`.
    public static let defaultSender: MailAddress = {
        do {
            return try MailAddress("carnet@localhost", name: "Carnet")
        } catch {
            preconditionFailure("the default sender is a valid address: \(error)")
        }
    }()
}
