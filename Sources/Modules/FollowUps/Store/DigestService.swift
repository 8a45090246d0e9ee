import CarnetCore
import CarnetMail
import CarnetStore
import Foundation

/// Queues each user's daily digest e-mail once their local digest time has passed.
///
/// Run by a recurring job every quarter of an hour: each run queues the digest of every
/// active user whose agenda is not empty, under the dedupe key `digest:<user>:<local date>`,
/// so a user gets at most one a day however many runs, restarts and instances there are. A
/// day whose digest time passed while no server ran gets its digest at the next run.
public struct DigestService: Sendable {
    public let context: ServiceContext
    public let settings: FollowUpsSettings
    public let mail: MailQueue

    public init(context: ServiceContext, settings: FollowUpsSettings, mail: MailQueue) {
        self.context = context
        self.settings = settings
        self.mail = mail
    }

    /// Queues the digests due now in the caller's transaction; returns how many were queued.
    @discardableResult
    public func queueDue(users: UserService, _ conn: any SQLConnection) throws -> Int {
        guard let time = settings.digestTime else { return 0 }
        let now = context.clock.now
        let today = LocalDate(now, in: settings.timeZone)
        guard now >= today.instant(hour: time.hour, minute: time.minute, in: settings.timeZone) else { return 0 }
        let agendas = TodayService(context: context, settings: settings)
        let active = try users.list(conn).filter(\.active)
        guard !active.isEmpty else { return 0 }
        let keys = active.map { "digest:\($0.id):\(today)" }
        // Today's digests already queued, in one read: the users are a team, not a crowd.
        let queuedBefore = Set(try conn.query(
            "SELECT dedupe_key FROM jobs WHERE dedupe_key IN (\(keys.map { _ in "?" }.joined(separator: ", ")))", keys.map { .text($0) }
        ).compactMap { $0.string("dedupe_key") })
        var queued = 0
        for (user, key) in zip(active, keys) where !queuedBefore.contains(key) {
            let language = Language(rawValue: user.locale) ?? .en
            let agenda = try agendas.agenda(for: user.id, language: language, conn)
            guard let digest = DailyDigest.make(name: user.name, agenda: agenda, date: today, language: language, link: settings.publicURL),
                  let recipient = try? MailAddress(user.email, name: user.name) else { continue }
            let message = MailMessage(from: mail.settings.from, to: [recipient], subject: digest.subject, text: digest.text)
            try mail.enqueue(message, dedupeKey: key, conn)
            queued += 1
        }
        return queued
    }
}
