import Foundation

extension Webhook {
    /// The shortest secret a caller may choose.
    public static let minimumSecretLength = 16

    /// A new secret: 32 random bytes from the system's generator, as 64 hex digits.
    public static func makeSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// The port a URL reaches: its explicit port, or 80 for http and 443 for https.
    public static func port(of url: URL) -> Int? {
        if let port = url.port { return port }
        switch url.scheme?.lowercased() {
        case "http": return 80
        case "https": return 443
        default: return nil
        }
    }

    /// Throws a validation error naming every field that is wrong: the URL (http or https,
    /// with a host, on a port in `allowedPorts`), the event patterns, the secret, the description.
    public func validate(allowedPorts: [Int]) throws(CarnetError) {
        var errors: [FieldError] = []
        if let problem = Self.urlProblem(url, allowedPorts: allowedPorts) { errors.append(FieldError("url", problem)) }
        if events.isEmpty {
            errors.append(FieldError("events", "must list at least one pattern, e.g. [\"*\"] or [\"contact.*\"]"))
        } else if events.count > 100 {
            errors.append(FieldError("events", "must list at most 100 patterns"))
        }
        for (index, pattern) in events.enumerated() {
            if let problem = WebhookEventPattern.problem(pattern) { errors.append(FieldError("events[\(index)]", problem)) }
        }
        if secret.count < Self.minimumSecretLength || secret.count > 200 {
            errors.append(FieldError("secret", "must be \(Self.minimumSecretLength) to 200 characters; leave it out to get a random one"))
        }
        if let description, description.count > 500 { errors.append(FieldError("description", "must be at most 500 characters")) }
        if !errors.isEmpty { throw .validation(errors) }
    }

    /// Why `text` is not a URL a webhook may call; nil when it is.
    static func urlProblem(_ text: String, allowedPorts: [Int]) -> String? {
        guard !text.isEmpty, text.count <= 2000, let url = URL(string: text) else { return "must be an absolute http or https URL of at most 2000 characters" }
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return "must start with http:// or https://"
        }
        guard let host = url.host, !host.isEmpty else { return "must name a host, as in https://hooks.example.com/carnet" }
        guard let port = port(of: url), allowedPorts.contains(port) else {
            return "its port \(port(of: url).map(String.init) ?? "?") is not allowed; the configuration ([webhooks] allowed_ports) allows \(allowedPorts.map(String.init).joined(separator: ", "))"
        }
        return nil
    }
}
