import Foundation

/// Paths inside the repository, found from this source file so tests run from any folder.
enum RepositoryPaths {
    /// The repository root, following symbolic links to the real source tree.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .resolvingSymlinksInPath()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The SMTP server script run by the SMTP tests.
    static let smtpServerScript = root.appendingPathComponent("Tests/CarnetMailTests/Fixtures/smtp_server.py")
}
