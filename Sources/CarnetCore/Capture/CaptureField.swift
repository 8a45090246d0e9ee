/// One field of a capture form: what the visitor sees (`label`, `kind`, `options`), what
/// they must fill (`required`, `max_length`) and where the answer goes (`maps_to`).
///
/// A field without `maps_to` is still kept with the submission, just not on the contact.
public struct CaptureField: Sendable, Equatable, Codable {
    /// The input's name in the HTML form and the JSON body: `[a-z0-9_]`, at most 64.
    public var name: String
    public var label: String
    public var kind: CaptureFieldKind
    /// The choices of a `select` field.
    public var options: [String]
    public var required: Bool
    /// The longest answer, in characters; nil uses the kind's default.
    public var maxLength: Int?
    public var mapsTo: String?

    public init(name: String, label: String, kind: CaptureFieldKind = .text, options: [String] = [], required: Bool = false,
                maxLength: Int? = nil, mapsTo: String? = nil) {
        self.name = name
        self.label = label
        self.kind = kind
        self.options = options
        self.required = required
        self.maxLength = maxLength
        self.mapsTo = mapsTo
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, label, kind, options, required, maxLength = "max_length", mapsTo = "maps_to"
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        label = try c.decode(String.self, forKey: .label)
        kind = try c.decodeIfPresent(CaptureFieldKind.self, forKey: .kind) ?? .text
        options = try c.decodeIfPresent([String].self, forKey: .options) ?? []
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
        maxLength = try c.decodeIfPresent(Int.self, forKey: .maxLength)
        mapsTo = try c.decodeIfPresent(String.self, forKey: .mapsTo)
    }

    /// Writes every key, `null` included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(label, forKey: .label)
        try c.encode(kind, forKey: .kind)
        try c.encode(options, forKey: .options)
        try c.encode(required, forKey: .required)
        try c.encode(maxLength, forKey: .maxLength)
        try c.encode(mapsTo, forKey: .mapsTo)
    }

    /// The longest answer accepted.
    public var limit: Int { maxLength ?? min(kind.defaultMaxLength, target?.limit ?? Int.max) }

    /// Where the answer goes, when `maps_to` is set and valid.
    public var target: CaptureTarget? { mapsTo.flatMap(CaptureTarget.init) }
}
