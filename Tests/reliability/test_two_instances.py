"""Two `carnet serve` instances on one PostgreSQL database: 1,000 concurrent stage moves and
field edits on the same 50 deals, each sent with `If-Match` to one instance or the other.

Every write must be applied (2xx, the version one up) or refused with 409; per deal the
acknowledged versions are 2, 3, ... with no gap and no repeat (two writes acknowledged on one
version would be a lost update), the deal ends as its last acknowledged write left it, and its
audit trail is exactly the field changes between consecutive acknowledged versions. The job
queue is shared: a webhook gets each deal event once, from whichever instance ran its job, and
each recurring job has one job per period, done in one attempt."""

import random
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from support import POSTGRES_URL, Client, WebhookReceiver, job_settings, wait_until_drained  # noqa: E402
from carnet_server import CarnetServer, carnet_binary  # noqa: E402
from databases import DatabaseReader, postgres_database  # noqa: E402

pytestmark = [pytest.mark.reliability,
              pytest.mark.skipif(not POSTGRES_URL, reason="CARNET_TEST_POSTGRES_URL is not set (make test sets it)")]

SEED = 20261209
DEALS = 50
WRITES = 1_000
THREADS = 50
OPEN_STAGES = ["lead", "qualified", "meeting", "proposal", "negotiation"]
EDITED_FIELDS = ["title", "amount", "next_action"]
# Fields every write changes, left out of the audit log (FieldChange.ignored in CarnetCore).
UNAUDITED = {"version", "updated_at", "stage_changed_at"}
RECURRING_KINDS = {"jobs.prune", "followups.reminders", "followups.digest", "followups.leads"}


def test_two_instances_on_one_postgres_lose_no_update_and_run_each_job_once(tmp_path, capsys):
    started = time.monotonic()
    with postgres_database(POSTGRES_URL) as url, WebhookReceiver() as receiver:
        settings = job_settings(receiver.port, lease_seconds=30)
        servers = [CarnetServer(carnet_binary(), tmp_path, database_url=url, settings=settings, name=f"carnet-{index}") for index in range(2)]
        try:
            servers[0].start()
            servers[1].share_credentials(servers[0])
            servers[1].start()
            webhook = servers[0].api("POST", "/webhooks", {"url": receiver.url, "events": ["deal.*"]})
            deals = [create_deal(servers[index % 2], index) for index in range(DEALS)]
            outcomes = storm(servers, deals)
            wait_until_drained(DatabaseReader(url), timeout=60)
            figures = check(servers, DatabaseReader(url), deals, outcomes, receiver, webhook["id"])
        except BaseException:
            for server in servers:
                print(f"--- {server.log_file.name} ---\n{server.log()[-10_000:]}")
            raise
        finally:
            for server in servers:
                if server.process:
                    server.stop()
    figures["seconds"] = round(time.monotonic() - started, 1)
    with capsys.disabled():
        print("\n[two instances postgres] " + ", ".join(f"{key}={value}" for key, value in figures.items()))


def create_deal(server, index):
    """A deal that may enter every open stage: fields for each stage rule and a logged meeting."""
    contact = server.api("POST", "/contacts", {"first_name": "Twin", "last_name": f"twin-owner-{index}"})
    deal = server.api("POST", "/deals", {
        "title": f"Twin deal {index}", "contact_id": contact["id"], "amount": 100000 + index, "currency": "EUR",
        "expected_close": "2027-06-30", "next_action": "send the quote", "next_action_at": "2027-01-11T09:00:00.000Z",
        "custom_fields": {"need": "ovens", "decision_maker": "Claire"}})
    server.api("POST", "/activities", {"kind": "meeting", "deal_id": deal["id"], "subject": "discovery"})
    return deal


def storm(servers, deals):
    """WRITES writes from THREADS threads: each reads a deal from one instance and writes it
    through the other with the version it read; returns (deal index, If-Match, status, body) per write."""
    rng = random.Random(SEED)
    plan = [(number, rng.randrange(DEALS), rng.random() < 0.5, rng.randrange(2), rng.random()) for number in range(WRITES)]
    outcomes = []
    lock = threading.Lock()
    cursor = iter(plan)

    def work():
        clients = [Client(server) for server in servers]
        while True:
            with lock:
                op = next(cursor, None)
            if op is None:
                break
            number, index, move, via, pick = op
            current = clients[1 - via].call("GET", f"/deals/{deals[index]['id']}")
            assert current.ok, current
            if move:
                stages = [stage for stage in OPEN_STAGES if stage != current.body["stage"]]
                change = {"stage": stages[int(pick * len(stages))]}
            else:
                field = EDITED_FIELDS[int(pick * len(EDITED_FIELDS))]
                change = {field: 200000 + number if field == "amount" else f"{field} {number}"}
            version = current.body["version"]
            answer = clients[via].call("PATCH", f"/deals/{deals[index]['id']}", change, {"If-Match": str(version)})
            with lock:
                outcomes.append((index, version, via, answer.status, answer.body))
        for client in clients:
            client.close()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
        assert not thread.is_alive(), "a writer did not finish"
    assert len(outcomes) == WRITES
    return outcomes




def audited(before, after):
    """The (field, old, new) the audit log must hold for a write from `before` to `after`,
    as FieldChange.between computes them: custom fields one by one, sorted by field."""
    changes = []
    for key in sorted(set(before) | set(after)):
        if key in UNAUDITED or before.get(key) == after.get(key):
            continue
        if key == "custom_fields":
            old, new = before.get(key) or {}, after.get(key) or {}
            changes += [(f"custom.{name}", old.get(name), new.get(name)) for name in sorted(set(old) | set(new)) if old.get(name) != new.get(name)]
        else:
            changes.append((key, before.get(key), after.get(key)))
    return sorted(changes)


def check(servers, db, deals, outcomes, receiver, webhook):
    statuses = Counter(status for _, _, _, status, _ in outcomes)
    assert set(statuses) <= {200, 409}, f"answers other than 200 and 409: {statuses}; e.g. {[o for o in outcomes if o[3] not in (200, 409)][:3]}"
    applied = defaultdict(list)
    for index, version, via, status, body in outcomes:
        if status == 200:
            assert body["version"] == version + 1, f"a write on version {version} of deal {index} answered version {body['version']}"
            applied[index].append((body["version"], via, body))
    by_instance = Counter(via for entries in applied.values() for _, via, _ in entries)
    assert len(by_instance) == 2, f"writes applied through one instance only: {by_instance}"

    client = Client(servers[0])
    audit_rows = 0
    for index, deal in enumerate(deals):
        acknowledged = sorted(applied[index], key=lambda entry: entry[0])
        versions = [version for version, _, _ in acknowledged]
        assert versions == list(range(2, 2 + len(versions))), f"deal {index}: acknowledged versions {versions} (a repeat is a lost update)"
        final = client.call("GET", f"/deals/{deal['id']}").body
        states = [deal] + [body for _, _, body in acknowledged]
        assert final == states[-1], f"deal {index} reads {final}, its last acknowledged write answered {states[-1]}"
        expected = [change for before, after in zip(states, states[1:]) for change in audited(before, after)]
        trail = client.call("GET", f"/deals/{deal['id']}/audit").body["items"]
        got = [(entry["field"], entry["old"], entry["new"]) for entry in trail]
        assert got == expected, f"deal {index}: audit trail {got[:6]}... differs from the acknowledged writes' changes {expected[:6]}..."
        audit_rows += len(got)
        stages = client.call("GET", f"/deals/{deal['id']}/stages").body["items"]
        moves = sum(1 for before, after in zip(states, states[1:]) if before["stage"] != after["stage"])
        assert len(stages) == 1 + moves, f"deal {index}: {len(stages)} stage history rows for {moves} acknowledged moves"
    client.close()

    ids = ", ".join(f"'{deal['id']}'" for deal in deals)
    updated = db.value(f"SELECT COUNT(*) FROM events WHERE type = 'deal.updated' AND entity_id IN ({ids})")
    assert updated == statuses[200], f"{updated} deal.updated events for {statuses[200]} applied writes"

    owners = check_jobs(db, receiver, webhook)
    return {"writes": WRITES, "applied": statuses[200], "conflicts": statuses[409], "applied_per_instance": dict(by_instance),
            "audit_rows": audit_rows, "jobs_per_instance": owners}


def check_jobs(db, receiver, webhook):
    """Every deal event delivered once, by one job run once; both instances ran jobs; each
    recurring job has one job per slot, done in one attempt."""
    jobs = {row["event_id"]: row for row in db.rows(f"""SELECT e.id AS event_id, j.id, j.status, j.attempts, j.lease_owner FROM events e
        JOIN jobs j ON j.dedupe_key = 'webhook:{webhook}:' || e.id WHERE e.type LIKE 'deal.%'""")}
    events = db.value("SELECT COUNT(*) FROM events WHERE type LIKE 'deal.%'")
    assert len(jobs) == events, f"{events} deal events after the webhook, {len(jobs)} delivery jobs"
    wrong = [row for row in jobs.values() if row["status"] != "done" or row["attempts"] != 1]
    assert wrong == [], f"delivery jobs not done in one attempt: {wrong[:5]}"
    received = Counter(event for _, event, _ in receiver.received())
    deliveries = {event: delivery for delivery, event, _ in receiver.received()}
    assert set(received) == set(jobs), f"events delivered {len(received)}, expected {len(jobs)}"
    twice = {event: n for event, n in received.items() if n != 1}
    assert not twice, f"events delivered more than once with no crash: {list(twice.items())[:5]}"
    assert all(deliveries[event] == row["id"] for event, row in jobs.items()), "a delivery carried another job's id"

    owners = Counter(row["lease_owner"].split(":")[1] for row in jobs.values())
    assert len(owners) == 2, f"delivery jobs ran in one instance only: {owners}"

    recurring = db.rows(f"SELECT kind, dedupe_key, status, attempts FROM jobs WHERE kind IN ({', '.join(map(repr, sorted(RECURRING_KINDS)))})")
    assert {row["kind"] for row in recurring} == RECURRING_KINDS, f"recurring jobs queued: {recurring}"
    slots = Counter(row["dedupe_key"] for row in recurring)
    assert all(n == 1 for n in slots.values()), f"a period with two jobs: {slots}"
    wrong = [row for row in recurring if row["status"] != "done" or row["attempts"] != 1]
    assert wrong == [], f"recurring jobs not done exactly once: {wrong}"
    return dict(owners)
