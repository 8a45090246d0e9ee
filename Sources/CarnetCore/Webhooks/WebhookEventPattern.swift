/// The event patterns a webhook may subscribe to, and how they match event types.
///
/// A pattern is `*` (every event), `entity.*` (every event of one entity) or one exact event
/// type. Only the types the application emits are accepted, so a typo (`contact.create`) is
/// refused instead of silently never matching. `webhook.*` events are never delivered (a
/// webhook is not told about webhooks), so no pattern names them.
public enum WebhookEventPattern {
    /// Every event type a webhook can receive.
    public static let eventTypes: Set<String> = [
        "contact.created", "contact.updated", "contact.archived", "contact.restored", "contact.erased",
        "company.created", "company.updated", "company.archived", "company.restored",
        "deal.created", "deal.updated", "deal.archived", "deal.restored",
        EventType.dealStageChanged, EventType.dealWon, EventType.dealLost,
        EventType.activityLogged,
        "task.created", "task.updated", "task.completed",
        "user.created", "token.created", "token.revoked",
        EventType.moduleEnabled, EventType.moduleDisabled,
    ]

    /// The entities of `eventTypes`, for `entity.*` patterns.
    public static let entities: Set<String> = Set(eventTypes.map { type in String(type.prefix { $0 != "." }) })

    /// Whether events of this type are about webhooks themselves, and so never delivered.
    public static func isAboutWebhooks(_ type: String) -> Bool {
        type.hasPrefix("webhook.")
    }

    /// Why `pattern` is not one a webhook may use; nil when it is.
    public static func problem(_ pattern: String) -> String? {
        if pattern == "*" || eventTypes.contains(pattern) { return nil }
        if pattern.hasSuffix(".*"), entities.contains(String(pattern.dropLast(2))) { return nil }
        return "\(pattern) is not *, an entity followed by .* (\(entities.sorted().joined(separator: ", "))) or a known event type such as contact.created"
    }

    /// Whether any of `patterns` matches an event of `type`.
    public static func matches(_ patterns: [String], _ type: String) -> Bool {
        guard !isAboutWebhooks(type) else { return false }
        return patterns.contains { pattern in
            if pattern == "*" { return true }
            if pattern.hasSuffix(".*") { return type.hasPrefix(pattern.dropLast()) }
            return pattern == type
        }
    }
}
