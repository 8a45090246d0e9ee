import Foundation

/// The daily digest e-mail of one user: their Today agenda as plain text, in their language.
///
/// No I/O: the follow-ups module reads the agenda and queues the message. A user with nothing
/// on their agenda gets no digest (`make` returns nil).
public struct DailyDigest: Sendable, Equatable {
    public var subject: String
    public var text: String

    /// The digest of `agenda` for `name` on `date`, or nil when the agenda is empty.
    public static func make(name: String, agenda: TodayAgenda, date: LocalDate, language: Language, link: String) -> DailyDigest? {
        guard !agenda.items.isEmpty else { return nil }
        let overdue = (agenda.counts[.overdueTask] ?? 0) + (agenda.counts[.dealNextActionOverdue] ?? 0)
        var lines = [L10n.text("digest.greeting", language, ["name": name, "date": L10n.date(date, language)]), ""]
        for item in agenda.items {
            lines.append("- \(item.title): \(item.reason)")
        }
        lines += ["", L10n.text("digest.link", language, ["url": link]), ""]
        let subject = overdue > 0
            ? L10n.plural("digest.subject_overdue", count: agenda.items.count, language, ["overdue": String(overdue)])
            : L10n.plural("digest.subject", count: agenda.items.count, language)
        return DailyDigest(subject: subject, text: lines.joined(separator: "\n"))
    }
}
