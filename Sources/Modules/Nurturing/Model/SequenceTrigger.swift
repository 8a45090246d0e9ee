import CarnetCore

/// What enrolls a contact in a sequence. A contact goes through a sequence once at most.
public enum SequenceTrigger: Sendable, Equatable {
    /// A form of the capture module was submitted (`lead.captured`): the form with this slug,
    /// or any form when nil.
    case formSubmitted(form: String?)
    /// The tag was added to the contact (on creation or by a change).
    case tagAdded(String)
    /// The contact is found in the segment by the periodic scan: everyone in it when the
    /// sequence is switched on, then everyone who enters it.
    case segmentEntered(segmentID: String)
    /// The lead score entered this band (`warm` or `hot`) or a higher one.
    case scoreBand(String)
    /// Only the API (`POST /api/v1/sequences/{id}/enrollments`) or a plugin through it.
    case manual

    /// The kinds, as the API spells them.
    public static let kinds = ["form_submitted", "tag_added", "segment_entered", "score_band", "manual"]
    /// The bands a `score_band` trigger takes, lowest first.
    public static let bands = ["warm", "hot"]

    /// The kind's name, stored in `trigger_kind`.
    public var kind: String {
        switch self {
        case .formSubmitted: "form_submitted"
        case .tagAdded: "tag_added"
        case .segmentEntered: "segment_entered"
        case .scoreBand: "score_band"
        case .manual: "manual"
        }
    }

    /// The value the event handler looks sequences up by, stored in `trigger_value`.
    public var value: String? {
        switch self {
        case .formSubmitted(let form): form
        case .tagAdded(let tag): tag
        case .segmentEntered(let segment): segment
        case .scoreBand(let band): band
        case .manual: nil
        }
    }

    /// The API's form: `{"kind": "tag_added", "tag": "whitepaper"}`.
    public var json: JSONValue {
        var fields: [String: JSONValue] = ["kind": .string(kind)]
        switch self {
        case .formSubmitted(let form): fields["form"] = form.map(JSONValue.string) ?? .null
        case .tagAdded(let tag): fields["tag"] = .string(tag)
        case .segmentEntered(let segment): fields["segment_id"] = .string(segment)
        case .scoreBand(let band): fields["band"] = .string(band)
        case .manual: break
        }
        return .object(fields)
    }
}
