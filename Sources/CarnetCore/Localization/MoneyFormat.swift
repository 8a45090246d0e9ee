import Foundation

/// Amounts as each language writes them: `€1,234.56` in English, `1 234,56 €` in French
/// (a narrow no-break space between thousands, a no-break space before the symbol).
public enum MoneyFormat {
    static let symbols = ["EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"]
    /// Currencies without minor units.
    static let wholeUnits: Set<String> = ["JPY", "KRW", "ISK", "CLP", "VND"]

    public static func format(minor: Int64, currency: String, _ language: Language) -> String {
        let digits = wholeUnits.contains(currency) ? 0 : 2
        let scale: Int64 = digits == 0 ? 1 : 100
        let magnitude = minor.magnitude
        let units = magnitude / UInt64(scale)
        let cents = magnitude % UInt64(scale)
        let separator = language == .fr ? "\u{202F}" : ","
        var grouped = ""
        for (index, character) in String(units).reversed().enumerated() {
            if index > 0, index % 3 == 0 { grouped.append(separator) }
            grouped.append(character)
        }
        var number = String(grouped.reversed())
        if digits > 0 { number += (language == .fr ? "," : ".") + (cents < 10 ? "0\(cents)" : "\(cents)") }
        let sign = minor < 0 ? "-" : ""
        let symbol = symbols[currency]
        switch language {
        case .fr: return "\(sign)\(number)\u{00A0}\(symbol ?? currency)"
        case .en: return symbol.map { "\(sign)\($0)\(number)" } ?? "\(sign)\(currency)\u{00A0}\(number)"
        }
    }

    /// Reads an amount typed in either language's way (`1234.5`, `1 234,50`, `€1,234.50`) as
    /// minor units of `currency`; nil when it is not a number or has too many decimals.
    public static func parse(_ text: String, currency: String) -> Int64? {
        let digits = wholeUnits.contains(currency) ? 0 : 2
        var kept = text.filter { $0.isNumber || $0 == "," || $0 == "." || $0 == "-" }
        // The last separator followed by one or two digits is the decimal mark; others group thousands.
        if let mark = kept.lastIndex(where: { $0 == "," || $0 == "." }), kept.distance(from: mark, to: kept.endIndex) - 1 <= digits,
           kept.distance(from: mark, to: kept.endIndex) > 1 {
            let whole = kept[..<mark].filter { $0 != "," && $0 != "." }
            kept = whole + "." + kept[kept.index(after: mark)...]
        } else {
            kept = kept.filter { $0 != "," && $0 != "." }
        }
        guard !kept.isEmpty, let value = Decimal(string: kept, locale: nil) else { return nil }
        var scaled = value * Decimal(digits == 0 ? 1 : 100)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        guard rounded == scaled else { return nil }
        return Int64(exactly: NSDecimalNumber(decimal: rounded).int64Value)
    }
}
