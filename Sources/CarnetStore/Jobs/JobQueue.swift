import CarnetCore
import Foundation

/// The durable job queue: enqueue in the caller's transaction, claim due jobs under a lease,
/// then complete them, or fail them into a retry with backoff and finally the dead letters.
///
/// Every method works in the caller's transaction, like the other services. A claim marks
/// jobs `running` under a lease (`lease_owner`, `lease_until`) and counts an attempt; if the
/// worker dies, the lease runs out and the next claim takes the job again (or dead-letters it
/// when its attempts are spent). `complete` and `fail` check that the claim still holds, so a
/// worker whose lease was taken over cannot also finish the job. On PostgreSQL claims lock
/// with `FOR UPDATE SKIP LOCKED`, so instances sharing the table never take the same job; on
/// SQLite the single writer serialises them.
public struct JobQueue: Sendable {
    public let clock: any CarnetClock
    public let backoff: JobBackoff
    /// The attempts of a job enqueued without its own `maxAttempts`.
    public let defaultMaxAttempts: Int

    public init(clock: any CarnetClock, backoff: JobBackoff = JobBackoff(), defaultMaxAttempts: Int = 5) {
        self.clock = clock
        self.backoff = backoff
        self.defaultMaxAttempts = defaultMaxAttempts
    }

    static let idPrefix = "job"
    static let columns = ["id", "kind", "payload", "run_at", "attempts", "max_attempts", "status", "dedupe_key", "created_at", "updated_at"]
    /// Rows per statement of a bulk enqueue: 10 values a row, far below either database's limit.
    static let rowsPerInsert = 500

    /// Adds a job; with a `dedupeKey` another job already holds, adds nothing and returns that job.
    @discardableResult
    public func enqueue(kind: String, payload: JSONValue = .object([:]), runAt: Date? = nil, maxAttempts: Int? = nil,
                        dedupeKey: String? = nil, _ conn: any SQLConnection) throws -> Job {
        let request = JobRequest(kind: kind, payload: payload, runAt: runAt, maxAttempts: maxAttempts, dedupeKey: dedupeKey)
        let values = try row(request, id: EntityID.make(Self.idPrefix, at: clock.now), now: clock.now)
        let sql = """
            INSERT INTO jobs (\(Self.columns.joined(separator: ", "))) VALUES (\(Self.columns.map { _ in "?" }.joined(separator: ", ")))
            ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING *
            """
        if let inserted = try conn.queryOne(sql, values) { return Self.job(inserted) }
        // Only a dedupe key can make the insert do nothing: on PostgreSQL it waited for the
        // transaction that wrote the other job, which has therefore committed.
        guard let dedupeKey, let existing = try conn.queryOne("SELECT * FROM jobs WHERE dedupe_key = ?", [.text(dedupeKey)]) else {
            throw StoreError.sql(message: "the insert of a \(kind) job returned no row", sql: sql)
        }
        return Self.job(existing)
    }

    /// Adds many jobs in a few multi-row statements, skipping those whose dedupe key is taken
    /// (also within `requests`); returns how many were added.
    @discardableResult
    public func enqueue(_ requests: [JobRequest], _ conn: any SQLConnection) throws -> Int {
        let now = clock.now
        var added = 0
        var start = requests.startIndex
        while start < requests.endIndex {
            let batch = requests[start..<min(start + Self.rowsPerInsert, requests.endIndex)]
            var values: [SQLValue] = []
            values.reserveCapacity(batch.count * Self.columns.count)
            for request in batch {
                values += try row(request, id: EntityID.make(Self.idPrefix, at: now), now: now)
            }
            let tuple = "(" + Self.columns.map { _ in "?" }.joined(separator: ", ") + ")"
            added += try conn.execute("""
                INSERT INTO jobs (\(Self.columns.joined(separator: ", "))) VALUES \(repeatElement(tuple, count: batch.count).joined(separator: ", "))
                ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
                """, values)
            start = batch.endIndex
        }
        return added
    }

    /// The values of `columns` for a new queued job.
    private func row(_ request: JobRequest, id: String, now: Date) throws -> [SQLValue] {
        try request.validate()
        return [.text(id), .text(request.kind), .json(request.payload), .date(request.runAt ?? now), 0,
                .int(request.maxAttempts ?? defaultMaxAttempts), .text(JobStatus.queued.rawValue), .string(request.dedupeKey),
                .date(now), .date(now)]
    }

    /// Leases up to `limit` jobs to `worker` for `leaseSeconds`, oldest due first, and counts an attempt on each.
    ///
    /// Takes the queued jobs whose `run_at` has come, or else one running job whose lease has
    /// run out (its worker died; its uncommitted writes are gone), alone, so that a job that
    /// kills its worker spends its own attempts, not those of jobs claimed with it. (The jobs
    /// of a killed worker's batch keep the attempt their claim counted, run or not.) A job
    /// whose lease ran out with no attempt left is dead-lettered instead of run again. With `kinds`, only jobs of those
    /// kinds are touched: the others stay as they are, attempts unspent, for a worker that
    /// handles them.
    public func claim(limit: Int, worker: String, leaseSeconds: Int, kinds: [String]? = nil, _ conn: any SQLConnection) throws -> [Job] {
        guard limit > 0, kinds?.isEmpty != true else { return [] }
        let now = clock.now
        let until = now.addingTimeInterval(TimeInterval(leaseSeconds))
        let (kindFilter, kindBinds) = Self.filter(kinds)
        let skipLocked = conn.dialect.skipLocked
        try conn.execute("""
            UPDATE jobs SET status = 'dead', last_error = 'the lease of ' || lease_owner || ' ran out on the last attempt; its worker stopped or took too long',
                lease_until = NULL, finished_at = ?, updated_at = ?
            WHERE id IN (SELECT id FROM jobs WHERE status = 'running' AND lease_until <= ? AND attempts >= max_attempts\(kindFilter)\(skipLocked))
            """, [.date(now), .date(now), .date(now)] + kindBinds)
        let lease = "status = 'running', lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?"
        let leaseBinds: [SQLValue] = [.text(worker), .date(until), .date(now)]
        // A job whose worker died is claimed alone: if it is what killed the worker, the next
        // crash charges it and no job claimed beside it, and it dead-letters on its own.
        let reclaimed = try conn.query("""
            UPDATE jobs SET \(lease), last_error = 'the lease of ' || lease_owner || ' ran out before the job finished'
            WHERE id IN (SELECT id FROM jobs WHERE status = 'running' AND lease_until <= ?\(kindFilter) ORDER BY lease_until, id LIMIT 1\(skipLocked))
            RETURNING *
            """, leaseBinds + [.date(now)] + kindBinds)
        if !reclaimed.isEmpty { return reclaimed.map(Self.job) }
        return try conn.query("""
            UPDATE jobs SET \(lease)
            WHERE id IN (SELECT id FROM jobs WHERE status = 'queued' AND run_at <= ?\(kindFilter) ORDER BY run_at, id LIMIT ?\(skipLocked))
            RETURNING *
            """, leaseBinds + [.date(now)] + kindBinds + [.int(limit)]).map(Self.job).sorted { ($0.runAt, $0.id) < ($1.runAt, $1.id) }
    }

    /// Whether `claim` would find work now: a cheap read that spares an idle worker a write.
    public func hasDue(kinds: [String]? = nil, _ conn: any SQLConnection) throws -> Bool {
        guard kinds?.isEmpty != true else { return false }
        let (kindFilter, kindBinds) = Self.filter(kinds)
        let now = SQLValue.date(clock.now)
        return try conn.queryOne("""
            SELECT CASE WHEN EXISTS (SELECT 1 FROM jobs WHERE status = 'queued' AND run_at <= ?\(kindFilter))
                OR EXISTS (SELECT 1 FROM jobs WHERE status = 'running' AND lease_until <= ?\(kindFilter)) THEN 1 ELSE 0 END AS due
            """, [now] + kindBinds + [now] + kindBinds)?.bool("due") ?? false
    }

    /// Marks a claimed job done; throws `JobError.leaseLost` when the claim no longer holds.
    ///
    /// In the transaction of the job's own writes, so they and "done" commit together. Call it
    /// before those writes: on PostgreSQL it then holds the row's lock while they run.
    public func complete(_ job: Job, _ conn: any SQLConnection) throws {
        let now = SQLValue.date(clock.now)
        let changed = try conn.execute(
            "UPDATE jobs SET status = 'done', lease_until = NULL, finished_at = ?, updated_at = ? WHERE id = ? AND status = 'running' AND lease_owner = ? AND attempts = ?",
            [now, now, .text(job.id), .string(job.leaseOwner), .int(job.attempts)]
        )
        guard changed == 1 else { throw JobError.leaseLost(jobID: job.id, worker: job.leaseOwner ?? "") }
    }

    /// Records a failed run: queued again after the backoff delay, or dead once its attempts are
    /// spent, or at once when the failure is `permanent` (retrying cannot help: the mail server
    /// refused the address). Returns the job as it now is; throws `JobError.leaseLost` when the
    /// claim no longer holds.
    @discardableResult
    public func fail(_ job: Job, error: String, permanent: Bool = false, _ conn: any SQLConnection) throws -> Job {
        let now = clock.now
        let dead = permanent || job.attempts >= job.maxAttempts
        let runAt = dead ? job.runAt : now.addingTimeInterval(backoff.delay(afterAttempt: job.attempts))
        guard let row = try conn.queryOne("""
            UPDATE jobs SET status = ?, run_at = ?, last_error = ?, lease_until = NULL, finished_at = ?, updated_at = ?
            WHERE id = ? AND status = 'running' AND lease_owner = ? AND attempts = ? RETURNING *
            """, [.text((dead ? JobStatus.dead : .queued).rawValue), .date(runAt), .text(String(error.prefix(2000))),
                  .date(dead ? now : nil), .date(now), .text(job.id), .string(job.leaseOwner), .int(job.attempts)])
        else { throw JobError.leaseLost(jobID: job.id, worker: job.leaseOwner ?? "") }
        return Self.job(row)
    }

    /// Deletes up to `limit` done jobs finished before `date`; returns how many went.
    ///
    /// Safe for dedupe keys as Carnet uses them: each names a moment or a thing that comes once
    /// (`digest:<user>:<date>`, a recurring job's slot, an event's id), so an old key is never
    /// enqueued again. Dead jobs stay until someone retries or looks at them.
    @discardableResult
    public func prune(finishedBefore date: Date, limit: Int, _ conn: any SQLConnection) throws -> Int {
        try conn.execute(
            "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE status = 'done' AND finished_at < ? LIMIT ?)",
            [.date(date), .int(limit)])
    }

    /// Gives claimed jobs that were not started back to the queue, their attempt not counted
    /// (a worker shutting down mid-batch).
    public func release(_ jobs: [Job], worker: String, _ conn: any SQLConnection) throws {
        guard !jobs.isEmpty else { return }
        try conn.execute("""
            UPDATE jobs SET status = 'queued', attempts = attempts - 1, lease_owner = NULL, lease_until = NULL, updated_at = ?
            WHERE status = 'running' AND lease_owner = ? AND id IN (\(jobs.map { _ in "?" }.joined(separator: ", ")))
            """, [.date(clock.now), .text(worker)] + jobs.map { .text($0.id) })
    }

    /// Queues a dead job again, due now, with all its attempts; `last_error` stays until it runs.
    public func retry(_ id: String, actor: Actor, _ conn: any SQLConnection) throws -> Job {
        try actor.require(.administer)
        let now = SQLValue.date(clock.now)
        if let row = try conn.queryOne("""
            UPDATE jobs SET status = 'queued', attempts = 0, run_at = ?, lease_owner = NULL, lease_until = NULL, finished_at = NULL, updated_at = ?
            WHERE id = ? AND status = 'dead' RETURNING *
            """, [now, now, .text(id)]) {
            return Self.job(row)
        }
        let job = try get(id, conn)
        throw CarnetError.invalidState("The job \(id) is \(job.status.rawValue); only a dead job can be retried.")
    }

    public func get(_ id: String, _ conn: any SQLConnection) throws -> Job {
        guard let row = try conn.queryOne("SELECT * FROM jobs WHERE id = ?", [.text(id)]) else {
            throw CarnetError.notFound(entity: "job", id: id)
        }
        return Self.job(row)
    }

    /// Jobs newest first, all or of one status, paged by id. Dead jobs are read through their
    /// own index; listing queued or done jobs walks the table by id and skips the others.
    public func list(status: JobStatus?, limit: Int, cursor: String?, _ conn: any SQLConnection) throws -> Page<Job> {
        var sql = "SELECT * FROM jobs WHERE 1 = 1"
        var binds: [SQLValue] = []
        if let status { sql += " AND status = ?"; binds.append(.text(status.rawValue)) }
        if let cursor { sql += " AND id < ?"; binds.append(.text(try Cursor.decode(cursor, count: 1)[0])) }
        sql += " ORDER BY id DESC LIMIT ?"
        binds.append(.int(limit + 1))
        let rows = try conn.query(sql, binds)
        return Page(rows: rows, limit: limit, item: Self.job, cursor: { [$0.id] })
    }

    /// How many jobs are queued, running and dead: each count reads its status's partial
    /// index (done jobs have none, and are not counted).
    public func counts(_ conn: any SQLConnection) throws -> (queued: Int, running: Int, dead: Int) {
        let row = try conn.queryOne("""
            SELECT (SELECT COUNT(*) FROM jobs WHERE status = 'queued') AS queued, (SELECT COUNT(*) FROM jobs WHERE status = 'running') AS running,
            (SELECT COUNT(*) FROM jobs WHERE status = 'dead') AS dead
            """, [])
        return (row?.int("queued") ?? 0, row?.int("running") ?? 0, row?.int("dead") ?? 0)
    }

    /// ` AND kind IN (?, ...)` and its values, or nothing without `kinds`.
    static func filter(_ kinds: [String]?) -> (String, [SQLValue]) {
        guard let kinds else { return ("", []) }
        return (" AND kind IN (\(kinds.map { _ in "?" }.joined(separator: ", ")))", kinds.map { .text($0) })
    }

    static func job(_ row: SQLRow) -> Job {
        let epoch = Date(timeIntervalSince1970: 0)
        return Job(
            id: row.string("id") ?? "", kind: row.string("kind") ?? "", payload: row.json("payload", as: JSONValue.self, fallback: .null),
            runAt: row.date("run_at") ?? epoch, attempts: row.int("attempts") ?? 0, maxAttempts: row.int("max_attempts") ?? 1,
            status: row.string("status").flatMap(JobStatus.init(rawValue:)) ?? .queued, leaseOwner: row.string("lease_owner"),
            leaseUntil: row.date("lease_until"), lastError: row.string("last_error"), dedupeKey: row.string("dedupe_key"),
            createdAt: row.date("created_at") ?? epoch, updatedAt: row.date("updated_at") ?? epoch, finishedAt: row.date("finished_at")
        )
    }
}
