/// The event a plugin hook listens to, as written in the manifest's `[hooks]` table.
///
/// A key is a core event name, optionally prefixed with `before:`:
/// - `deal.stage_changed` is an *after* hook: it runs from the outbox once the change is
///   committed, asynchronously, at least once.
/// - `before:deal.stage_changed` is a *before* hook: it runs inside the change's
///   transaction and may reject the change (`crm.reject`) or set fields (`crm.set`).
///
/// The core events are listed in ``coreEvents``; modules will add their own later. Only the
/// events in ``beforeEvents`` have a before phase: they are the changes a hook can still
/// refuse or amend before they are stored.
public struct PluginHookEvent: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// When the hook runs relative to the change.
    public enum Phase: String, Sendable, Hashable {
        /// Inside the change's transaction, before it commits.
        case before
        /// From the outbox, after the change is committed.
        case after
    }

    /// The prefix that makes a hook a before-hook.
    public static let beforePrefix = "before:"

    /// The events the core emits: `<entity>.<what happened>`.
    public static let coreEvents: [String] = [
        "contact.created", "contact.updated", "contact.archived",
        "company.created", "company.updated",
        "deal.created", "deal.updated", "deal.stage_changed", "deal.won", "deal.lost",
        "activity.logged",
    ]

    /// The events a `before:` hook may name. `deal.won` and `deal.lost` run when a deal moves
    /// into a won or lost stage; `deal.updated` on every change of a deal, stage moves included.
    public static let beforeEvents: Set<String> = [
        "contact.created", "contact.updated", "company.created", "company.updated",
        "deal.created", "deal.updated", "deal.stage_changed", "deal.won", "deal.lost", "activity.logged",
    ]

    /// The core event, e.g. `deal.stage_changed`.
    public var event: String
    public var phase: Phase

    public init(event: String, phase: Phase) {
        self.event = event
        self.phase = phase
    }

    /// Parses a manifest key such as `before:deal.stage_changed`; nil for an unknown event.
    public init?(key: String) {
        let phase: Phase = key.hasPrefix(Self.beforePrefix) ? .before : .after
        let event = phase == .before ? String(key.dropFirst(Self.beforePrefix.count)) : key
        guard Self.coreEvents.contains(event), phase == .after || Self.beforeEvents.contains(event) else { return nil }
        self.init(event: event, phase: phase)
    }

    /// The manifest key: the event, with `before:` for a before-hook.
    public var description: String { phase == .before ? Self.beforePrefix + event : event }

    public static func < (lhs: PluginHookEvent, rhs: PluginHookEvent) -> Bool {
        lhs.description < rhs.description
    }
}
