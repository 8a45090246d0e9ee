import CarnetCore
import Foundation

/// A campaign's subject and body with merge fields (`{{contact.first_name}}`), checked at save.
///
/// Built on the tickets' ``MergeTemplate``: an unknown field or an unclosed `{{` is a 422
/// naming it. The body is plain text; the HTML part is made from it (escaped, blank lines
/// as paragraphs, links as links), so nothing a contact typed into a field becomes markup.
public struct CampaignTemplate: Sendable {
    /// The fields a campaign may use.
    public static let fields = [
        "contact.first_name", "contact.last_name", "contact.name", "contact.email", "contact.title", "contact.city", "contact.company",
        "unsubscribe_url",
    ]

    let subject: MergeTemplate
    let body: MergeTemplate
    /// The web addresses written in the body (not those a merge field brings): the only
    /// places the click redirect leads to.
    public let links: [String]

    public init(subject: String, body: String, language: Language = .en) throws(CarnetError) {
        var errors: [FieldError] = []
        var parsedSubject: MergeTemplate?
        var parsedBody: MergeTemplate?
        do { parsedSubject = try MergeTemplate(subject, field: "subject", known: Self.fields, language: language) } catch {
            if case .validation(let found) = error { errors += found }
        }
        do { parsedBody = try MergeTemplate(body, field: "body", known: Self.fields, language: language) } catch {
            if case .validation(let found) = error { errors += found }
        }
        guard errors.isEmpty, let parsedSubject, let parsedBody else { throw .validation(errors) }
        self.subject = parsedSubject
        self.body = parsedBody
        links = Self.links(in: body)
    }

    /// The values of the merge fields for one contact.
    public static func values(firstName: String?, lastName: String?, email: String?, title: String?, city: String?, company: String?,
                              unsubscribeURL: String) -> [String: String] {
        let name = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        return [
            "contact.first_name": firstName ?? "", "contact.last_name": lastName ?? "", "contact.name": name, "contact.email": email ?? "",
            "contact.title": title ?? "", "contact.city": city ?? "", "contact.company": company ?? "", "unsubscribe_url": unsubscribeURL,
        ]
    }

    /// The subject for these values, on one line.
    public func renderSubject(_ values: [String: String]) -> String {
        subject.render(values).replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    /// The text part: the body, then the unsubscribe footer.
    public func renderText(_ values: [String: String], footer: String) -> String {
        body.render(values) + "\n\n-- \n" + footer + "\n"
    }

    /// The HTML part: the body escaped, its links pointing at `link(url)` (the click redirect,
    /// or the address itself), the footer, and the open pixel when there is one.
    public func renderHTML(_ values: [String: String], footer: String, unsubscribeURL: String, pixel: String?, link: (String) -> String) -> String {
        let text = body.render(values)
        var html = "<!DOCTYPE html>\n<html><body>\n"
        for paragraph in text.components(separatedBy: "\n\n") where !paragraph.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            html += "<p>" + Self.linked(paragraph, known: links, link: link).replacingOccurrences(of: "\n", with: "<br>\n") + "</p>\n"
        }
        html += "<hr>\n<p><small>" + HTMLEscape.escape(footer).replacingOccurrences(of: HTMLEscape.escape(unsubscribeURL), with: "<a href=\"\(HTMLEscape.escape(unsubscribeURL))\">\(HTMLEscape.escape(unsubscribeURL))</a>") + "</small></p>\n"
        if let pixel { html += "<img src=\"\(HTMLEscape.escape(pixel))\" width=\"1\" height=\"1\" alt=\"\">\n" }
        return html + "</body></html>\n"
    }

    /// `text` escaped, with each address of `known` turned into a link to `link(address)`.
    static func linked(_ text: String, known: [String], link: (String) -> String) -> String {
        var output = ""
        var rest = Substring(text)
        while let found = nextLink(in: rest) {
            output += HTMLEscape.escape(String(rest[..<found.lowerBound]))
            let url = String(rest[found])
            output += known.contains(url) ? "<a href=\"\(HTMLEscape.escape(link(url)))\">\(HTMLEscape.escape(url))</a>" : HTMLEscape.escape(url)
            rest = rest[found.upperBound...]
        }
        return output + HTMLEscape.escape(String(rest))
    }

    /// Every `http://` or `https://` address in `text`, in order, once each.
    static func links(in text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let range = nextLink(in: rest) {
            let url = String(rest[range])
            if !found.contains(url) { found.append(url) }
            rest = rest[range.upperBound...]
        }
        return found
    }

    /// The next address: from `http(s)://` to the first space, quote, angle bracket or `{{`,
    /// less a trailing full stop, comma or closing bracket.
    static func nextLink(in text: Substring) -> Range<Substring.Index>? {
        let http = text.range(of: "http://"), https = text.range(of: "https://")
        guard let start = [http, https].compactMap({ $0 }).min(by: { $0.lowerBound < $1.lowerBound }) else { return nil }
        var end = start.upperBound
        while end < text.endIndex {
            let character = text[end]
            if character.isWhitespace || "\"'<>".contains(character) || text[end...].hasPrefix("{{") { break }
            end = text.index(after: end)
        }
        while end > start.upperBound, ".,;:!?)]".contains(text[text.index(before: end)]) { end = text.index(before: end) }
        return end > start.upperBound ? start.lowerBound..<end : nil
    }
}
