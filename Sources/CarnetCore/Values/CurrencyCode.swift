/// An ISO 4217 currency code that Carnet knows, with its number of minor-unit digits.
public struct CurrencyCode: Sendable, Hashable, Codable, CustomStringConvertible {
    public let code: String

    /// Accepts a known ISO 4217 code (case-insensitive); nil for anything else.
    public init?(_ text: String) {
        let upper = text.uppercased()
        guard Self.minorDigits[upper] != nil else { return nil }
        code = upper
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = CurrencyCode(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown currency code \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }

    public var description: String { code }

    /// Digits after the decimal point: 2 for EUR, 0 for JPY, 3 for TND.
    public var digits: Int { Self.minorDigits[code] ?? 2 }

    public static let eur = CurrencyCode("EUR")!

    /// Active ISO 4217 codes and their minor units.
    static let minorDigits: [String: Int] = {
        var table: [String: Int] = [:]
        let two = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD YER ZAR ZMW ZWL"
        let zero = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF"
        let three = "BHD IQD JOD KWD LYD OMR TND"
        for code in two.split(separator: " ") { table[String(code)] = 2 }
        for code in zero.split(separator: " ") { table[String(code)] = 0 }
        for code in three.split(separator: " ") { table[String(code)] = 3 }
        return table
    }()
}
