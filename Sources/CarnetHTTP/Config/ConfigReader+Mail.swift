import CarnetMail
import Foundation

extension ConfigReader {
    /// `[mail]`: the transport (`file` into `folder`, or `smtp` with its server settings), the
    /// sender and the domain of message ids.
    func mail() throws(ConfigError) -> MailSettings {
        var settings = MailSettings()
        if let from = try string("mail.from") { settings.from = try address(from, key: "mail.from") }
        if let domain = try string("mail.message_id_domain") {
            guard !domain.isEmpty, domain.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) else {
                throw fail("mail.message_id_domain", "must be a domain name like carnet.example.com")
            }
            settings.messageIDDomain = domain
        }
        switch try string("mail.transport") ?? "file" {
        case "file":
            settings.transport = .file(folder: try string("mail.folder") ?? "data/mail")
        case "smtp":
            settings.transport = .smtp(try smtp())
        case let other:
            throw fail("mail.transport", "must be file or smtp (got \(other))")
        }
        return settings
    }

    private func smtp() throws(ConfigError) -> SMTPSettings {
        guard let host = try string("mail.smtp_host"), !host.isEmpty else { throw fail("mail.smtp_host", "is required when mail.transport is smtp") }
        let name = try string("mail.smtp_security") ?? "starttls"
        guard let security = ["none": SMTPSecurity.none, "starttls": .startTLS, "tls": .tls][name] else {
            throw fail("mail.smtp_security", "must be none, starttls or tls (got \(name))")
        }
        var settings = SMTPSettings(host: host, port: try int("mail.smtp_port", in: 1...65535), security: security)
        if let username = try string("mail.smtp_username"), !username.isEmpty {
            settings.credentials = SMTPCredentials(username: username, password: try string("mail.smtp_password") ?? "")
        }
        settings.allowInsecureAuth = try bool("mail.smtp_allow_insecure_auth") ?? false
        if let seconds = try int("mail.smtp_timeout_seconds", in: 1...120) {
            settings.connectTimeout = .seconds(seconds)
            settings.commandTimeout = .seconds(seconds)
        }
        if let file = try string("mail.smtp_ca_file"), !file.isEmpty {
            guard FileManager.default.fileExists(atPath: file) else { throw fail("mail.smtp_ca_file", "no such file \(file)") }
            settings.caCertificatePath = file
        }
        settings.verifyCertificates = try bool("mail.smtp_verify_certificates") ?? true
        return settings
    }

    /// `Name <address>` or a bare address.
    func address(_ text: String, key: String) throws(ConfigError) -> MailAddress {
        var address = text.trimmingCharacters(in: .whitespaces)
        var name: String?
        if address.hasSuffix(">"), let open = address.lastIndex(of: "<") {
            let display = address[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            name = display.isEmpty ? nil : display
            address = String(address[address.index(after: open)..<address.index(before: address.endIndex)])
        }
        do {
            return try MailAddress(address, name: name)
        } catch {
            throw fail(key, "\(error)")
        }
    }
}
