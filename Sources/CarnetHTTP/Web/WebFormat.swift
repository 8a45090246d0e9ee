import CarnetCore
import Foundation

/// Entities as the page templates show them: texts formatted in the user's language.
enum WebFormat {
    /// A stage's name in `language`.
    static func stageName(_ stage: Stage?, key: String, _ language: Language) -> String {
        guard let stage else { return key }
        return language == .fr ? stage.nameFR ?? stage.name : stage.name
    }

    /// A deal's summary: title, stage, amount, next action and where it leads.
    static func deal(_ deal: Deal, pipeline: Pipeline, language: Language, now: Date? = nil, zone: TimeZone = .gmt) -> [String: Any] {
        var data: [String: Any] = [
            "id": deal.id, "title": deal.title, "stage": deal.stage, "version": deal.version,
            "stage_name": stageName(pipeline.stage(deal.stage), key: deal.stage, language),
            "amount": deal.amount.map { MoneyFormat.format(minor: $0, currency: deal.currency.code, language) } ?? "",
            "probability": deal.probability, "next_action": deal.nextAction ?? "",
        ]
        if let at = deal.nextActionAt {
            data["next_action_at"] = dateTime(at, language: language, zone: zone)
            if let now, at < now, deal.closedAt == nil { data["overdue"] = true }
        }
        if let close = deal.expectedClose { data["expected_close"] = L10n.date(close, language) }
        return data
    }

    /// An activity on a timeline.
    static func activity(_ activity: Activity, language: Language, zone: TimeZone) -> [String: Any] {
        [
            "id": activity.id, "kind": activity.kind.rawValue, "kind_label": L10n.text("web.kind_activity_\(activity.kind.rawValue)", language),
            "subject": activity.subject ?? "", "body": activity.body ?? "", "at": dateTime(activity.occurredAt, language: language, zone: zone),
        ]
    }

    /// A date and time on the user's clocks.
    static func dateTime(_ instant: Date, language: Language, zone: TimeZone) -> String {
        let minutes = (Int(instant.timeIntervalSince1970) + zone.secondsFromGMT(for: instant)) / 60
        let time = L10n.time(hour: ((minutes / 60) % 24 + 24) % 24, minute: (minutes % 60 + 60) % 60, language)
        return L10n.date(LocalDate(instant, in: zone), language) + " " + time
    }
}
