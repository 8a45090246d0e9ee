import Foundation
import Logging

extension MailSettings {
    /// The transport these settings name; a relative folder is relative to the working directory.
    public func makeTransport(logger: Logger) -> any MailTransport {
        switch transport {
        case .file(let folder): FileMailTransport(folder: URL(fileURLWithPath: folder))
        case .smtp(let smtp): SMTPMailTransport(settings: smtp, logger: logger)
        }
    }
}
