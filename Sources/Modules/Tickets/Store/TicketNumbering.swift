import CarnetCore
import CarnetStore
import Foundation

/// Hands out ticket numbers from the `ticket_counters` row of the year, inside the caller's
/// transaction.
///
/// The upsert locks the year's row until the transaction ends: on PostgreSQL a second
/// transaction numbering at the same time waits, then reads the committed value, so two
/// tickets never share a number; a rolled-back creation gives its number back, so there is
/// no gap. On SQLite the single writer gives the same guarantees.
enum TicketNumbering {
    static func next(at now: Date, in timeZone: TimeZone, _ conn: any SQLConnection) throws -> TicketNumber {
        let year = LocalDate(now, in: timeZone).year
        guard let row = try conn.queryOne("""
            INSERT INTO ticket_counters (year, last_number) VALUES (?, 1)
            ON CONFLICT (year) DO UPDATE SET last_number = ticket_counters.last_number + 1 RETURNING last_number
            """, [.int(year)]), let last = row.int("last_number") else {
            throw CarnetError.invalidState("The ticket counter of \(year) could not be read.")
        }
        return TicketNumber(year: year, sequence: last)
    }
}
