import CarnetCore
import Foundation

/// Reads a deal's fields from a page's form: amounts typed in the user's way, dates from
/// date inputs, times from `datetime-local` inputs on the user's clocks.
enum DealForm {
    /// The input each field a stage rule may ask for is filled with, in place on the board.
    static let inputType = [
        "amount": "text", "expected_close": "date", "next_action": "text", "next_action_at": "datetime-local",
        "lost_reason": "text", "title": "text",
    ]

    /// A patch with the fields the form has (blank fields are left as they are).
    static func patch(_ form: WebForm, language: Language, zone: TimeZone) throws(CarnetError) -> DealPatch {
        var patch = DealPatch()
        var errors: [FieldError] = []
        if let title = form["title"] { patch.title = title }
        if let currency = form["currency"] {
            if let code = CurrencyCode(currency) { patch.currency = code } else { errors.append(FieldError("currency", L10n.text("web.bad_currency", language))) }
        }
        if let amount = form["amount"] {
            let currency = patch.currency?.code ?? "EUR"
            if let minor = MoneyFormat.parse(amount, currency: currency), minor >= 0 { patch.amount = .some(minor) } else {
                errors.append(FieldError("amount", L10n.text("web.bad_amount", language)))
            }
        }
        if let close = form["expected_close"] {
            if let date = LocalDate(close) { patch.expectedClose = .some(date) } else { errors.append(FieldError("expected_close", L10n.text("web.bad_date", language))) }
        }
        if let action = form["next_action"] { patch.nextAction = .some(action) }
        if let at = form["next_action_at"] {
            if let instant = localInstant(at, zone: zone) { patch.nextActionAt = .some(instant) } else {
                errors.append(FieldError("next_action_at", L10n.text("web.bad_date", language)))
            }
        }
        if let reason = form["lost_reason"] { patch.lostReason = .some(reason) }
        if let contact = form["contact_id"] { patch.contactID = .some(contact) }
        guard errors.isEmpty else { throw .validation(errors) }
        return patch
    }

    /// `2027-01-15T09:30` (or a bare date, at 9:00) on the user's clocks.
    static func localInstant(_ text: String, zone: TimeZone) -> Date? {
        let parts = text.split(separator: "T", maxSplits: 1)
        guard let date = LocalDate(String(parts[0])) else { return nil }
        guard parts.count == 2 else { return date.instant(hour: 9, minute: 0, in: zone) }
        let clock = parts[1].split(separator: ":")
        guard clock.count >= 2, let hour = Int(clock[0]), let minute = Int(clock[1]), (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        return date.instant(hour: hour, minute: minute, in: zone)
    }
}
