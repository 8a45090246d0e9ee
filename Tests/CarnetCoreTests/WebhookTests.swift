import CarnetCore
import Foundation
import Testing

@Suite("Webhooks: rules")
struct WebhookTests {
    static let ports = [80, 443, 8080, 8443]

    static func webhook(url: String = "https://hooks.example.com/carnet", events: [String] = ["contact.*"],
                        secret: String = "0123456789abcdef") -> Webhook {
        Webhook(id: "whk_1", url: url, events: events, secret: secret, at: Date(timeIntervalSince1970: 0))
    }

    /// The fields a validation error names, or none when the webhook is valid.
    static func fields(_ webhook: Webhook) -> [String] {
        do {
            try webhook.validate(allowedPorts: ports)
            return []
        } catch {
            guard case .validation(let errors) = error else { return ["?"] }
            return errors.map(\.field)
        }
    }

    @Test("a URL must be absolute http or https, with a host, on an allowed port")
    func urls() {
        for good in ["https://hooks.example.com/carnet", "http://127.0.0.1:8080/in", "https://h.example:8443", "HTTP://example.com"] {
            #expect(Self.fields(Self.webhook(url: good)).isEmpty, "\(good)")
        }
        for bad in ["ftp://example.com/x", "hooks.example.com/carnet", "/relative", "http:///path", "", "http://example.com:22/",
                    "https://example.com:9999", "javascript:alert(1)"] {
            #expect(Self.fields(Self.webhook(url: bad)) == ["url"], "\(bad)")
        }
    }

    @Test("patterns are *, entity.* or a known event type; an empty list is refused")
    func patterns() {
        #expect(Self.fields(Self.webhook(events: ["*"])).isEmpty)
        #expect(Self.fields(Self.webhook(events: ["contact.*", "deal.stage_changed", "deal.won", "task.completed"])).isEmpty)
        #expect(Self.fields(Self.webhook(events: [])) == ["events"])
        #expect(Self.fields(Self.webhook(events: ["contact.create"])) == ["events[0]"])
        #expect(Self.fields(Self.webhook(events: ["deal.*", "webhook.*", "contact", "con*", "**"])) == ["events[1]", "events[2]", "events[3]", "events[4]"])
    }

    @Test("patterns match event types, and never events about webhooks")
    func matching() {
        #expect(WebhookEventPattern.matches(["contact.*"], "contact.created"))
        #expect(!WebhookEventPattern.matches(["contact.*"], "company.created"))
        #expect(!WebhookEventPattern.matches(["deal.*"], "dealer.created"))
        #expect(WebhookEventPattern.matches(["deal.won"], "deal.won"))
        #expect(WebhookEventPattern.matches(["*"], "module.enabled"))
        #expect(!WebhookEventPattern.matches(["*"], "webhook.created"))
    }

    @Test("a chosen secret has at least 16 characters; a made one is 64 hex digits")
    func secrets() {
        #expect(Self.fields(Self.webhook(secret: "short")) == ["secret"])
        let made = Webhook.makeSecret()
        #expect(made.count == 64 && made.allSatisfy(\.isHexDigit))
        #expect(made != Webhook.makeSecret())
    }

    @Test("the secret is encoded masked, except in the answer to a creation")
    func masking() {
        let webhook = Self.webhook(secret: "0123456789abcdefWXYZ")
        guard case .object(let masked) = JSONValue.of(webhook), case .object(let revealed) = JSONValue.of(Webhook.Revealed(webhook)) else {
            Issue.record("a webhook encodes as an object")
            return
        }
        #expect(masked["secret"] == .string("…WXYZ"))
        #expect(revealed["secret"] == .string("0123456789abcdefWXYZ"))
        #expect(masked["description"] == .null && masked["created_by"] == .null)
    }
}
