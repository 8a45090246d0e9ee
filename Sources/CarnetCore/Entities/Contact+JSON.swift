import Foundation

extension Contact: JSONWritable {
    /// The same JSON as `encode(to:)`, key for key.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("id", id)
        writer.field("first_name", firstName)
        writer.field("last_name", lastName)
        writer.field("email", email)
        writer.field("emails", emails)
        writer.field("phones", phones)
        writer.field("title", title)
        writer.field("company_id", companyID)
        writer.field("street", street)
        writer.field("postcode", postcode)
        writer.field("city", city)
        writer.field("region", region)
        writer.field("country", country)
        writer.field("source", source)
        writer.field("external_ref", externalRef)
        writer.field("tags", tags)
        writer.field("owner_id", ownerID)
        writer.field("email_opt_in", emailOptIn)
        writer.field("do_not_email", doNotEmail)
        writer.field("custom_fields", customFields)
        writer.field("version", version)
        writer.field("created_at", createdAt)
        writer.field("updated_at", updatedAt)
        writer.field("archived_at", archivedAt)
        writer.endObject()
    }
}
