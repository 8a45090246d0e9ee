/// The survivor's fields after a merge, from both records (as the API writes them) and the
/// caller's choices.
///
/// A field the caller does not name keeps the survivor's value, unless the survivor has none
/// (null, blank, empty list) and the merged record has one. Lists (`emails`, `phones`, `tags`)
/// unnamed take both records' items, the survivor's first; an unnamed `custom_fields` takes
/// the merged record's keys the survivor lacks. The primary `email` not kept joins `emails`.
public enum MergePlan {
    /// The fields a merge may choose, per kind, as the API spells them.
    public static func fields(_ entity: DuplicateEntity) -> [String] {
        switch entity {
        case .contact:
            ["first_name", "last_name", "email", "emails", "phones", "title", "company_id", "street", "postcode", "city", "region",
             "country", "source", "external_ref", "tags", "owner_id", "email_opt_in", "do_not_email", "custom_fields"]
        case .company:
            ["name", "industry", "size", "annual_revenue", "currency", "region", "country", "website", "owner_id", "custom_fields"]
        }
    }

    static let lists: Set<String> = ["emails", "phones", "tags"]

    /// Throws a 422 naming `fields.<name>` for each field the kind does not have.
    public static func check(_ choices: [String: MergeSide], entity: DuplicateEntity) throws(CarnetError) {
        let known = Set(fields(entity))
        let unknown = choices.keys.filter { !known.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw .validation(unknown.map { FieldError("fields.\($0)", "is not a field of a \(entity.rawValue) that a merge can choose (fields: \(fields(entity).joined(separator: ", ")))") })
        }
    }

    /// The patch turning the survivor into the merged result: only the fields that change.
    public static func patch(survivor: [String: JSONValue], merged: [String: JSONValue], choices: [String: MergeSide],
                             entity: DuplicateEntity) throws(CarnetError) -> [String: JSONValue] {
        try check(choices, entity: entity)
        var result: [String: JSONValue] = [:]
        for field in fields(entity) {
            let mine = survivor[field] ?? .null, theirs = merged[field] ?? .null
            let value: JSONValue
            switch choices[field] {
            case .survivor: value = mine
            case .merged: value = theirs
            case nil:
                if lists.contains(field) {
                    value = union(mine, theirs)
                } else if field == "custom_fields", case .object(let a) = mine, case .object(let b) = theirs {
                    value = .object(a.merging(b) { kept, _ in kept })
                } else if case .bool = mine {
                    value = mine
                } else {
                    value = mine.isPresent ? mine : theirs
                }
            }
            if value != mine { result[field] = value }
        }
        if entity == .contact {
            let email = result["email"] ?? survivor["email"] ?? .null
            let left = [survivor["email"], merged["email"]].compactMap { $0 }.filter { $0.isPresent && $0 != email }
            let emails = union(result["emails"] ?? survivor["emails"] ?? .array([]), .array(left))
            if case .array(let items) = emails {
                let kept = JSONValue.array(items.filter { $0 != email })
                if kept != (survivor["emails"] ?? .array([])) { result["emails"] = kept } else { result["emails"] = nil }
            }
        }
        return result
    }

    private static func union(_ a: JSONValue, _ b: JSONValue) -> JSONValue {
        guard case .array(let first) = a else { return b }
        guard case .array(let second) = b else { return a }
        var seen = Set<JSONValue>()
        return .array((first + second).filter { item in
            if case .string(let text) = item { return seen.insert(.string(text.lowercased())).inserted }
            return seen.insert(item).inserted
        })
    }
}
