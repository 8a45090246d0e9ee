import Foundation
import NIOCore
import NIOSSL

extension SMTPSettings {
    /// Checks what can be checked before connecting: port range, helo name, CA file.
    func validate() throws(MailError) {
        guard (1...65535).contains(port) else {
            throw .invalidSettings("port \(port) is out of range")
        }
        guard !host.isEmpty, !host.containsLineBreak, !heloName.isEmpty, !heloName.contains(where: \.isWhitespace) else {
            throw .invalidSettings("the host and the helo name must be non-empty, without spaces or line breaks")
        }
        if let credentials, credentials.username.containsLineBreak || credentials.password.containsLineBreak {
            throw .invalidSettings("the username and password cannot contain line breaks")
        }
        if let caCertificatePath, !FileManager.default.isReadableFile(atPath: caCertificatePath) {
            throw .invalidSettings("the CA certificate file \(caCertificatePath) cannot be read")
        }
    }

    /// Builds the client TLS context: system roots plus the optional CA file.
    func makeTLSContext() throws(MailError) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if !verifyCertificates {
            configuration.certificateVerification = .none
        }
        do {
            if let caCertificatePath {
                configuration.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(caCertificatePath))]
            }
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw .invalidSettings("cannot set up TLS: \(error)")
        }
    }

    /// The name sent as SNI and checked against the certificate; `nil` for an IP address, whose
    /// certificate is then checked against the address itself.
    var tlsServerHostname: String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }
}
