/// One change made to several contacts at once from the contact list: add a tag, remove a
/// tag, or give them an owner (nil: no owner).
public enum ContactBulkChange: Sendable, Equatable {
    case addTag(String)
    case removeTag(String)
    case assign(ownerID: String?)

    /// The most contacts one change may touch: a page of the contact list.
    public static let maximum = Limits.defaultPageSize

    /// The patch that makes this change to `contact`; nil when the contact has it already.
    /// Tags compare without case, as the tag filter does.
    public func patch(for contact: Contact) -> ContactPatch? {
        var patch = ContactPatch()
        switch self {
        case .addTag(let tag):
            guard !contact.tags.contains(where: { $0.lowercased() == tag.lowercased() }) else { return nil }
            patch.tags = .some(contact.tags + [tag])
        case .removeTag(let tag):
            let kept = contact.tags.filter { $0.lowercased() != tag.lowercased() }
            guard kept.count < contact.tags.count else { return nil }
            patch.tags = .some(kept)
        case .assign(let ownerID):
            guard contact.ownerID != ownerID else { return nil }
            patch.ownerID = .some(ownerID)
        }
        return patch
    }

    /// Checks the change for `count` contacts: at least one, at most `maximum`, and a tag
    /// that is not blank nor longer than a contact's tags may be.
    public func validate(count: Int, language: Language) throws(CarnetError) {
        var check = Validator()
        if count == 0 { check.fail("ids", L10n.text("web.bulk_none", language)) }
        if count > Self.maximum {
            check.fail("ids", L10n.text("web.bulk_too_many", language, ["max": String(Self.maximum), "count": String(count)]))
        }
        switch self {
        case .addTag(let tag), .removeTag(let tag):
            if tag.isBlank {
                check.fail("tag", L10n.text("validation.required", language))
            } else if Validator.longer(tag, than: Contact.tagLimit) {
                check.fail("tag", L10n.text("validation.too_long", language, ["max": String(Contact.tagLimit), "count": String(tag.count)]))
            }
        case .assign:
            break
        }
        try check.check()
    }
}
