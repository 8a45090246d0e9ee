import CarnetTestSupport
import Foundation

/// A throw-away certificate for `localhost` and `127.0.0.1`, made with the `openssl` command.
struct SelfSignedCertificate {
    let certificatePath: String
    let keyPath: String

    init(in folder: URL) throws {
        certificatePath = folder.appendingPathComponent("cert.pem").path
        keyPath = folder.appendingPathComponent("key.pem").path
        let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let openssl else {
            throw TestFailure("The TLS tests need the openssl command (apt-get install openssl).")
        }
        let result = try ProcessRunner.run(openssl, [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", keyPath, "-out", certificatePath, "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ])
        guard result.status == 0 else {
            throw TestFailure("openssl could not make a certificate: \(result.output)")
        }
    }
}
