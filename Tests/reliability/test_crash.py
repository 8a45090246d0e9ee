"""Crash safety: 50 concurrent writers against `carnet serve`, which is killed with SIGKILL at
random moments (seeded) and started again on the same database, ten times per backend.

The writers create contacts and log notes (each POST with an `Idempotency-Key`, sometimes sent
again after a cut connection), and move their own deals through the open stages with
`If-Match`. Each keeps what was acknowledged with a 2xx. A webhook sends the contact and stage
events to a receiver in the test, and a Lua plugin logs one note per new contact from its
after-hook, so both kinds of jobs (an effect calling out, a transaction writing rows) are
running when the kills land. Afterwards the database is read directly: every acknowledged
write is there once with its data, nothing is there without its event, audit row, stage
history or idempotency key, the outbox drains, every job ends done, and no job's effect was
applied twice (one note per contact, one successful delivery logged per delivery job, one
delivery job per event)."""

import random
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from support import BACKENDS, Client, NoAnswer, WebhookReceiver, database_url_for, job_settings, wait_until_drained  # noqa: E402
from carnet_server import CarnetServer, carnet_binary  # noqa: E402
from databases import DatabaseReader  # noqa: E402

pytestmark = pytest.mark.reliability

SEED = 20261208
WRITERS = 50
KILLS = 10
DEALS_PER_WRITER = 2
OPEN_STAGES = ["lead", "qualified", "meeting", "proposal", "negotiation"]
# Seconds between a restart and the next kill, and between a kill and the restart.
RUN_BETWEEN_KILLS = (0.5, 3.0)
DOWN_AFTER_KILL = (0.0, 0.3)
# Seconds a writer waits between two writes, per backend: the jobs the writes make (six per
# contact with the webhook and the plugin) must drain within the test's time, and a debug
# build's worker, one round trip per statement on PostgreSQL, runs some 20 jobs/s there on a
# busy 2-core machine against hundreds on SQLite.
PAUSE = {"sqlite": (0.05, 0.25), "postgres": (1.0, 3.0)}
DRAIN_TIMEOUT = 300
# A claim counts an attempt on each job of the batch, and a killed worker's jobs, run or not,
# keep it (they are then claimed again one at a time): ten kills close together could still
# spend a job's default 5 attempts without its fault, which is not what this test is about.
MAX_ATTEMPTS = 100

PLUGIN_TOML = """\
id = "stamp"
version = "1.0.0"
description = "Logs a note on each new contact."
api = "1"
permissions = ["write:activities"]

[hooks]
"contact.created" = "stamp"
"""

PLUGIN_MAIN = """\
function stamp(event)
  crm.activities.log({ kind = "note", contact_id = event.entity_id, subject = "stamp", body = event.id })
end
"""


class Ledger:
    """What the writers sent and what was acknowledged, shared by their threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.contacts = {}        # marker -> the 2xx body
        self.activities = {}      # marker -> the 2xx body
        self.uncertain = set()    # markers sent, cut off, never answered
        self.moves = []           # (deal id, version after, stage after) of each 2xx move
        self.unanswered_moves = 0
        self.unexpected = []      # answers that are neither 2xx nor explained
        self.counts = Counter()

    def count(self, what, n=1):
        with self.lock:
            self.counts[what] += n


def create_deal(client, writer, number):
    """A contact, a deal that may enter every open stage, and the meeting the `meeting` stage wants."""
    contact = must(client, "POST", "/contacts", {"first_name": "Owner", "last_name": f"deal-owner-{writer}-{number}"})
    deal = must(client, "POST", "/deals", {
        "title": f"Crash deal {writer}-{number}", "contact_id": contact["id"], "amount": 150000, "currency": "EUR",
        "expected_close": "2027-03-31", "next_action": "call back", "next_action_at": "2027-01-11T09:00:00.000Z",
        "custom_fields": {"need": "ovens", "decision_maker": "Claire"}})
    must(client, "POST", "/activities", {"kind": "meeting", "deal_id": deal["id"], "subject": "discovery"})
    return {"id": deal["id"], "version": deal["version"], "stage": deal["stage"], "known": True}


def must(client, method, path, body=None):
    answer = client.call(method, path, body)
    assert answer.ok, f"{method} {path}: {answer}"
    return answer.body


def wait_for_answer(client, method, path, stop_after):
    """Sends a read until the (restarted) server answers it."""
    while time.monotonic() < stop_after:
        try:
            return client.call(method, path)
        except NoAnswer:
            time.sleep(0.05)
    raise AssertionError(f"no answer to {method} {path}")


class Writer:
    """One of the concurrent writers: its own deals, contacts and seeded choices."""

    def __init__(self, index, server, ledger, backend):
        self.index = index
        self.rng = random.Random(SEED * 1000 + index)
        self.client = Client(server)
        self.ledger = ledger
        self.backend = backend
        self.deals = []
        self.contacts = []
        self.number = 0

    def marker(self, kind):
        self.number += 1
        return f"crash-{self.backend}-{kind}-{self.index}-{self.number}"

    def run(self, ready, stop):
        try:
            self.deals = [create_deal(self.client, self.index, n) for n in range(DEALS_PER_WRITER)]
        except BaseException:
            ready.abort()
            raise
        ready.wait()
        while not stop.is_set():
            roll = self.rng.random()
            if roll < 0.3:
                self.move_deal(stop)
            elif roll < 0.55 and self.contacts:
                self.log_note(stop)
            else:
                self.create_contact(stop)
            time.sleep(self.rng.uniform(*PAUSE[self.backend]))
        self.client.close()

    def post(self, path, body, marker, stop):
        """POSTs with `Idempotency-Key: marker`; after a cut connection, sends it again half of
        the time (the first may have committed: the same key must not write twice), else gives
        up and leaves its outcome unknown. A refused connection sent nothing: it is retried."""
        self.ledger.count("writes")
        while True:
            try:
                answer = self.client.call("POST", path, body, {"Idempotency-Key": marker})
            except NoAnswer as error:
                refused = isinstance(error.__cause__, ConnectionRefusedError)
                if not refused:
                    self.ledger.count("cut")
                    if stop.is_set() or self.rng.random() < 0.5:
                        with self.ledger.lock:
                            self.ledger.uncertain.add(marker)
                        return None
                    self.ledger.count("resent")
                time.sleep(0.05)
                if stop.is_set() and refused:
                    return None
                continue
            if answer.headers.get("Idempotent-Replayed") == "true":
                self.ledger.count("replayed")
            if not answer.ok:
                with self.ledger.lock:
                    self.ledger.unexpected.append((path, marker, answer.status, answer.body))
                return None
            with self.ledger.lock:
                self.ledger.uncertain.discard(marker)
            self.ledger.count("acknowledged")
            return answer.body

    def create_contact(self, stop):
        marker = self.marker("contact")
        body = {"first_name": f"Writer{self.index}", "last_name": marker, "email": f"{marker}@example.test", "title": "Buyer"}
        created = self.post("/contacts", body, marker, stop)
        if created is not None:
            with self.ledger.lock:
                self.ledger.contacts[marker] = created
            self.contacts.append(created["id"])

    def log_note(self, stop):
        marker = self.marker("note")
        body = {"kind": "note", "contact_id": self.rng.choice(self.contacts), "subject": marker, "body": f"Note {marker}"}
        logged = self.post("/activities", body, marker, stop)
        if logged is not None:
            with self.ledger.lock:
                self.ledger.activities[marker] = logged

    def move_deal(self, stop):
        deal = self.rng.choice(self.deals)
        if not deal["known"]:
            # The last move got no answer: the deal is as the database says.
            answer = wait_for_answer(self.client, "GET", f"/deals/{deal['id']}", time.monotonic() + 60)
            assert answer.ok, answer
            deal.update(version=answer.body["version"], stage=answer.body["stage"], known=True)
        target = self.rng.choice([stage for stage in OPEN_STAGES if stage != deal["stage"]])
        self.ledger.count("writes")
        try:
            answer = self.client.call("PATCH", f"/deals/{deal['id']}", {"stage": target}, {"If-Match": str(deal["version"])})
        except NoAnswer:
            self.ledger.count("cut")
            with self.ledger.lock:
                self.ledger.unanswered_moves += 1
            deal["known"] = False
            time.sleep(0.05)
            return
        if not answer.ok:
            with self.ledger.lock:
                self.ledger.unexpected.append((f"/deals/{deal['id']}", target, answer.status, answer.body))
            deal["known"] = False
            return
        self.ledger.count("acknowledged")
        deal.update(version=answer.body["version"], stage=answer.body["stage"])
        with self.ledger.lock:
            self.ledger.moves.append((deal["id"], answer.body["version"], answer.body["stage"]))


@pytest.mark.parametrize("backend", BACKENDS)
def test_sigkill_under_concurrent_writes_loses_nothing_acknowledged_and_half_writes_nothing(backend, tmp_path, capsys):
    started = time.monotonic()
    with database_url_for(backend) as url, WebhookReceiver() as receiver:
        plugin = tmp_path / "plugins" / "stamp"
        plugin.mkdir(parents=True)
        (plugin / "plugin.toml").write_text(PLUGIN_TOML)
        (plugin / "main.lua").write_text(PLUGIN_MAIN)
        settings = job_settings(receiver.port, max_attempts=MAX_ATTEMPTS) + f'[plugins]\ndirectory = "{tmp_path / "plugins"}"\nenabled = ["stamp"]\n'
        server = CarnetServer(carnet_binary(), tmp_path, database_url=url, settings=settings)
        try:
            server.start()
            figures = run_and_kill(server, receiver, backend)
            wait_until_drained(DatabaseReader(server.database_url), timeout=DRAIN_TIMEOUT)
            check(server, receiver, figures)
        except BaseException:
            print(server.log()[-20_000:])
            raise
        finally:
            server.stop()
    figures["seconds"] = round(time.monotonic() - started, 1)
    with capsys.disabled():
        print(f"\n[crash {backend}] " + ", ".join(f"{key}={value}" for key, value in figures.items()))


def run_and_kill(server, receiver, backend):
    """Runs the writers while the server is killed and restarted KILLS times; returns the ledger and figures."""
    webhook = server.api("POST", "/webhooks", {"url": receiver.url, "events": ["contact.created", "deal.stage_changed"]})
    ledger = Ledger()
    ready = threading.Barrier(WRITERS + 1)
    stop = threading.Event()
    writers = [Writer(index, server, ledger, backend) for index in range(WRITERS)]
    threads = [threading.Thread(target=writer.run, args=(ready, stop), daemon=True) for writer in writers]
    for thread in threads:
        thread.start()
    ready.wait(timeout=120)
    rng = random.Random(SEED)
    restarts = []
    for _ in range(KILLS):
        time.sleep(rng.uniform(*RUN_BETWEEN_KILLS))
        server.kill()
        time.sleep(rng.uniform(*DOWN_AFTER_KILL))
        began = time.monotonic()
        server.start()
        restarts.append(time.monotonic() - began)
    time.sleep(rng.uniform(*RUN_BETWEEN_KILLS))
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a writer did not stop"
    return {"ledger": ledger, "webhook": webhook["id"], "kills": KILLS, "writers": WRITERS,
            "deals": [deal["id"] for writer in writers for deal in writer.deals],
            "restart_ms_max": round(max(restarts) * 1000), "restart_ms_mean": round(sum(restarts) / len(restarts) * 1000)}


def check(server, receiver, figures):
    ledger = figures.pop("ledger")
    webhook = figures.pop("webhook")
    deals = figures.pop("deals")
    db = DatabaseReader(server.database_url)
    assert ledger.unexpected == [], f"answers other than 2xx: {ledger.unexpected[:10]}"

    check_created(db, server, ledger.contacts, ledger.uncertain, table="contacts", column="last_name", event="contact.created", path="/contacts")
    check_created(db, server, ledger.activities, ledger.uncertain, table="activities", column="subject", event="activity.logged", path="/activities")
    check_events_have_rows(db)
    check_deals(db, deals, ledger.moves)
    check_jobs(db, receiver, webhook, figures)

    figures.update(writes=ledger.counts["writes"], acknowledged=ledger.counts["acknowledged"], cut=ledger.counts["cut"],
                   resent=ledger.counts["resent"], replayed=ledger.counts["replayed"], uncertain=len(ledger.uncertain),
                   unanswered_moves=ledger.unanswered_moves, contacts_acked=len(ledger.contacts),
                   notes_acked=len(ledger.activities), moves_acked=len(ledger.moves))
    uncertain_found = db.value(f"""SELECT (SELECT COUNT(*) FROM contacts WHERE last_name IN ({quoted(ledger.uncertain)}))
                                        + (SELECT COUNT(*) FROM activities WHERE subject IN ({quoted(ledger.uncertain)}))""")
    figures["uncertain_committed"] = uncertain_found


def quoted(values):
    """A SQL list of string literals (the markers are letters, digits and dashes); never empty."""
    return ", ".join(f"'{value}'" for value in sorted(values)) or "NULL"


def check_created(db, server, acked, uncertain, table, column, event, path):
    """Each acknowledged creation is there once, as answered; each uncertain one at most once;
    every row of a marker has its event and its idempotency key, in both directions."""
    rows = db.rows(f"SELECT id, {column} AS marker FROM {table} WHERE {column} LIKE 'crash-%'")
    by_marker = defaultdict(list)
    for row in rows:
        by_marker[row["marker"]].append(row["id"])
    doubled = {marker: ids for marker, ids in by_marker.items() if len(ids) > 1}
    assert not doubled, f"{table} written twice for one Idempotency-Key: {list(doubled.items())[:5]}"
    missing = [marker for marker, body in acked.items() if by_marker.get(marker) != [body["id"]]]
    assert not missing, f"{len(missing)} acknowledged {table} missing or under another id: {missing[:5]}"
    unknown = set(by_marker) - set(acked) - uncertain
    assert not unknown, f"{table} rows for markers never sent: {sorted(unknown)[:5]}"
    client = Client(server)
    for marker, body in acked.items():
        answer = client.call("GET", f"{path}/{body['id']}")
        assert answer.ok and answer.body == body, f"{path}/{body['id']} reads {answer}, was answered {body}"
    client.close()
    without_event = db.rows(f"""SELECT t.id FROM {table} t WHERE NOT EXISTS
                               (SELECT 1 FROM events e WHERE e.entity_id = t.id AND e.type = '{event}')""")
    assert without_event == [], f"{table} rows without their {event} event: {without_event[:5]}"
    keys = {row["key"] for row in db.rows(f"SELECT key FROM idempotency_keys WHERE key LIKE 'crash-%' AND path LIKE '/api/v1{path}'")}
    assert keys == set(by_marker), (f"idempotency keys and {table} rows disagree: keys without row {sorted(keys - set(by_marker))[:5]}, "
                                    f"rows without key {sorted(set(by_marker) - keys)[:5]}")


def check_events_have_rows(db):
    """No event announces a row that is not there, and no note is there without its event."""
    for table, event in (("contacts", "contact.created"), ("activities", "activity.logged"), ("deals", "deal.created")):
        orphans = db.rows(f"""SELECT e.id FROM events e WHERE e.type = '{event}'
                              AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = e.entity_id)""")
        assert orphans == [], f"{event} events without their row: {orphans[:5]}"
        doubled = db.rows(f"SELECT entity_id FROM events WHERE type = '{event}' GROUP BY entity_id HAVING COUNT(*) > 1")
        assert doubled == [], f"{event} twice for one row: {doubled[:5]}"
    silent = db.rows("""SELECT a.id FROM activities a WHERE NOT EXISTS
                        (SELECT 1 FROM events e WHERE e.entity_id = a.id AND e.type = 'activity.logged')""")
    assert silent == [], f"activities without their activity.logged event: {silent[:5]}"


def check_deals(db, deals, moves):
    """Each deal's version counts its moves, and each move has its stage history row, its audit
    row, its deal.updated and deal.stage_changed events; each acknowledged move is there, at its version."""
    ids = quoted(deals)
    versions = {row["id"]: row for row in db.rows(f"SELECT id, version, stage FROM deals WHERE id IN ({ids})")}
    history = defaultdict(list)
    for row in db.rows(f"SELECT deal_id, from_stage, to_stage FROM deal_stage_history WHERE deal_id IN ({ids}) AND from_stage IS NOT NULL"):
        history[row["deal_id"]].append(row)
    audit = defaultdict(list)
    for row in db.rows(f"SELECT entity_id, old_value, new_value FROM audit_log WHERE entity_type = 'deal' AND field = 'stage' AND entity_id IN ({ids}) ORDER BY seq"):
        audit[row["entity_id"]].append((row["old_value"].strip('"'), row["new_value"].strip('"')))
    events = Counter((row["entity_id"], row["type"]) for row in db.rows(
        f"SELECT entity_id, type FROM events WHERE entity_id IN ({ids}) AND type IN ('deal.updated', 'deal.stage_changed')"))
    for deal in deals:
        moved = versions[deal]["version"] - 1
        trail = audit[deal]
        assert len(trail) == moved == len(history[deal]) == events[(deal, "deal.updated")] == events[(deal, "deal.stage_changed")], (
            f"deal {deal} at version {moved + 1}: {len(trail)} stage audit rows, {len(history[deal])} history rows, "
            f"{events[(deal, 'deal.updated')]} deal.updated, {events[(deal, 'deal.stage_changed')]} deal.stage_changed")
        stages = ["lead"] + [new for _, new in trail]
        assert [old for old, _ in trail] == stages[:-1], f"deal {deal}: the audit trail does not chain: {trail}"
        assert stages[-1] == versions[deal]["stage"], f"deal {deal} is in {versions[deal]['stage']}, its audit ends in {stages[-1]}"
        assert Counter((row["from_stage"], row["to_stage"]) for row in history[deal]) == Counter(trail), f"deal {deal}: history and audit differ"
    for deal, version, stage in moves:
        assert audit[deal][version - 2][1] == stage, f"the acknowledged move of {deal} to {stage} (version {version}) is not its move {version - 1}"


def check_jobs(db, receiver, webhook, figures):
    """The outbox drained into one job per subscriber and event, every job done, none dead;
    the plugin's note written once per contact; each delivery job logged one success, and the
    receiver got each event under one delivery id (the same one again only after a crash)."""
    statuses = {row["status"]: row["n"] for row in db.rows("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status")}
    assert set(statuses) - {"queued"} == {"done"}, f"jobs not all done: {statuses}"
    figures["jobs_done"] = statuses["done"]
    figures["jobs_rerun"] = db.value("SELECT COUNT(*) FROM jobs WHERE attempts > 1")
    start = db.value(f"SELECT seq FROM events WHERE type = 'webhook.created' AND entity_id = '{webhook}'")
    undispatched = db.rows(f"""SELECT e.id FROM events e WHERE e.seq > {start} AND NOT EXISTS
                               (SELECT 1 FROM jobs j WHERE j.dedupe_key = 'event:webhooks:' || e.id)""")
    assert undispatched == [], f"events that made no event:webhooks job: {undispatched[:5]}"
    stamps = db.rows("""SELECT c.id, (SELECT COUNT(*) FROM activities a WHERE a.contact_id = c.id AND a.subject = 'stamp') AS n
                        FROM contacts c WHERE c.last_name LIKE 'crash-%'""")
    wrong = [row for row in stamps if row["n"] != 1]
    assert wrong == [], f"contacts without exactly one note from the plugin's after-hook: {wrong[:5]}"

    expected = {row["id"]: row for row in db.rows(f"""SELECT e.id, j.id AS job, j.attempts FROM events e
        JOIN jobs j ON j.dedupe_key = 'webhook:{webhook}:' || e.id
        WHERE e.seq > {start} AND e.type IN ('contact.created', 'deal.stage_changed')""")}
    wanted = db.value(f"SELECT COUNT(*) FROM events WHERE seq > {start} AND type IN ('contact.created', 'deal.stage_changed')")
    assert len(expected) == wanted, f"{wanted} events for the webhook, {len(expected)} delivery jobs"
    successes = Counter(row["job_id"] for row in db.rows(
        f"SELECT job_id FROM webhook_deliveries WHERE webhook_id = '{webhook}' AND status_code BETWEEN 200 AND 299"))
    wrong = {event: successes[row["job"]] for event, row in expected.items() if successes[row["job"]] != 1}
    assert not wrong, f"delivery jobs without exactly one logged success: {list(wrong.items())[:5]}"

    received = defaultdict(list)
    for delivery, event, _ in receiver.received():
        received[event].append(delivery)
    missing = set(expected) - set(received)
    assert not missing, f"{len(missing)} events never delivered: {sorted(missing)[:5]}"
    for event, deliveries in received.items():
        assert event in expected, f"delivered an event the webhook did not want: {event}"
        assert set(deliveries) == {expected[event]["job"]}, f"event {event} delivered by {deliveries}, its job is {expected[event]['job']}"
        assert len(deliveries) <= expected[event]["attempts"], (
            f"event {event} delivered {len(deliveries)} times in {expected[event]['attempts']} attempts")
    figures["deliveries"] = sum(len(deliveries) for deliveries in received.values())
    figures["deliveries_repeated"] = figures["deliveries"] - len(received)
