"""Nurturing under SIGKILL: contacts are enrolled in a sequence of three e-mails and a tag while
`carnet serve` is killed at random moments (seeded) and started again, with the e-mails going
to a real SMTP server (aiosmtpd), on SQLite and PostgreSQL.

A step's job runs in one transaction: a kill before its commit leaves nothing and the job runs
again, so no step is skipped and none is run twice (three e-mail rows and one tag per contact).
An e-mail is sent by its own job, at least once: a kill between the SMTP answer and the job's
commit sends it again, with the same Message-ID, so the receiver can tell. The test checks that
every e-mail arrived, that copies of one e-mail share their Message-ID, and that there are no
more copies than kills."""

import email
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from support import BACKENDS, REPO, Client, NoAnswer, database_url_for, job_settings, wait_until_drained  # noqa: E402
from carnet_server import CarnetServer, carnet_binary  # noqa: E402
from databases import DatabaseReader  # noqa: E402

pytestmark = pytest.mark.reliability

SEED = 20261208
KILLS = 8
# Contacts the enroller creates and enrolls, one after the other, while the server is killed;
# PostgreSQL's debug-build worker is slower, so it gets fewer.
CONTACTS = {"sqlite": 150, "postgres": 60}
# Seconds between a restart and the next kill: the worker is mid-way through the jobs of the
# enrollments just made.
RUN_BETWEEN_KILLS = (0.2, 1.0)
DRAIN_TIMEOUT = 300
MAX_ATTEMPTS = 100

SEQUENCE = {
    "name": "Crash course",
    "trigger": {"kind": "manual"},
    "steps": [
        {"kind": "email", "subject": "One for {{contact.first_name}}", "body": "First. https://example.com/one"},
        {"kind": "email", "subject": "Two for {{contact.first_name}}", "body": "Second."},
        {"kind": "tag", "tag": "crash-course"},
        {"kind": "email", "subject": "Three for {{contact.first_name}}", "body": "Third."},
    ],
}


class SMTPSink:
    """The mail tests' aiosmtpd server on a free loopback port, storing each message in a folder."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="carnet-smtp-"))
        script = REPO / "Tests" / "CarnetMailTests" / "Fixtures" / "smtp_server.py"
        self.process = subprocess.Popen([sys.executable, str(script), str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while not (self.folder / "port").exists():
            if time.monotonic() > deadline or self.process.poll() is not None:
                pytest.fail("the SMTP server did not start")
            time.sleep(0.05)
        time.sleep(0.05)
        self.port = int((self.folder / "port").read_text())

    def messages(self):
        """(recipients, Message-ID, subject) of every message received."""
        found = []
        for meta in sorted(self.folder.glob("*.json")):
            raw = meta.with_suffix(".eml").read_bytes()
            message = email.message_from_bytes(raw)
            found.append((tuple(json.loads(meta.read_text())["rcpt_tos"]), message["Message-ID"], str(message["Subject"])))
        return found

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Enroller:
    """Creates and enrolls contacts one after the other in a thread, each write sent until the
    (restarted) server answers it, with an Idempotency-Key so that a resent one counts once."""

    def __init__(self, server, sequence, count):
        self.client = Client(server)
        self.sequence = sequence
        self.count = count
        self.contacts = []
        self.error = None
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        try:
            for number in range(self.count):
                first = f"n{number}"
                contact = call_until_answered(self.client, "POST", "/contacts", {
                    "first_name": first, "last_name": "Crash", "email": f"{first}@example.com", "email_opt_in": True}, key=f"c-{first}")
                call_until_answered(self.client, "POST", f"/sequences/{self.sequence}/enrollments", {"contact_id": contact["id"]}, key=f"e-{first}")
                self.contacts.append(contact["id"])
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.error = error
        finally:
            self.client.close()


def call_until_answered(client, method, path, body, key):
    """Sends a write with an Idempotency-Key until the server answers it with a 2xx."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            answer = client.call(method, path, body, headers={"Idempotency-Key": key})
        except NoAnswer:
            time.sleep(0.05)
            continue
        assert answer.ok, f"{method} {path}: {answer}"
        return answer.body
    raise AssertionError(f"no answer to {method} {path}")


@pytest.mark.parametrize("backend", BACKENDS)
def test_nurturing_survives_kills(backend):
    folder = Path(tempfile.mkdtemp(prefix=f"carnet-nurture-crash-{backend}-"))
    sink = SMTPSink()
    server = None
    try:
        with database_url_for(backend) as database_url:
            mail = f'transport = "smtp"\nsmtp_host = "127.0.0.1"\nsmtp_port = {sink.port}\nsmtp_security = "none"\nfrom = "news@carnet.test"'
            server = CarnetServer(carnet_binary(), folder, database_url=database_url, mail=mail,
                                  settings=job_settings(9, lease_seconds=6, max_attempts=MAX_ATTEMPTS))
            server.start()
            client = Client(server)
            sequence = call_until_answered(client, "POST", "/sequences", SEQUENCE, key="sequence")["id"]
            client.close()
            rng = random.Random(SEED)
            began = time.monotonic()
            enroller = Enroller(server, sequence, CONTACTS[backend])
            enroller.thread.start()
            for _ in range(KILLS):
                time.sleep(rng.uniform(*RUN_BETWEEN_KILLS))
                server.kill()
                server.start()
            enroller.thread.join(timeout=300)
            assert not enroller.thread.is_alive(), "the enroller did not finish"
            assert enroller.error is None, f"the enroller failed: {enroller.error!r}"
            contacts = enroller.contacts
            db = DatabaseReader(server.database_url)
            wait_until_drained(db, DRAIN_TIMEOUT)
            figures = check(db, sink, contacts)
            figures.update(kills=KILLS, contacts=len(contacts), seconds=round(time.monotonic() - began, 1))
            print(f"\n[nurturing crash {backend}] " + ", ".join(f"{key}={value}" for key, value in figures.items()))
    finally:
        if server and server.process:
            server.stop()
        sink.stop()
        subprocess.run(["rm", "-rf", str(folder), str(sink.folder)], check=False)


def check(db, sink, contacts):
    """Every enrollment completed once with its three e-mails sent and its tag; every e-mail
    arrived, copies of one share a Message-ID, and there are no more copies than kills."""
    enrollments = db.rows("SELECT contact_id, status, step_index FROM nurture_enrollments")
    assert sorted(row["contact_id"] for row in enrollments) == sorted(contacts)
    assert {row["status"] for row in enrollments} == {"completed"}, Counter(row["status"] for row in enrollments)
    messages = db.rows("SELECT contact_id, step_index, status, job_id FROM nurture_messages")
    per_contact = Counter(row["contact_id"] for row in messages)
    assert set(per_contact.values()) == {3} and len(per_contact) == len(contacts), f"e-mail rows per contact: {Counter(per_contact.values())}"
    assert {row["status"] for row in messages} == {"sent"}, Counter(row["status"] for row in messages)
    completed = db.value("SELECT COUNT(*) FROM events WHERE type = 'nurture.completed'")
    assert completed == len(contacts), f"{completed} nurture.completed events for {len(contacts)} enrollments"
    tags = db.value("SELECT COUNT(*) FROM contact_tags WHERE tag = 'crash-course'")
    assert tags == len(contacts), f"{tags} crash-course tags for {len(contacts)} contacts"
    jobs = db.rows("SELECT kind, status, COUNT(*) AS n FROM jobs WHERE kind LIKE 'nurturing.%' GROUP BY kind, status")
    assert {row["status"] for row in jobs} == {"done"}, jobs

    received = sink.messages()
    expected = {f"<{row['job_id']}@" for row in messages}
    by_id = Counter(message_id.split("@")[0] + "@" for _, message_id, _ in received)
    missing = expected - set(by_id)
    assert not missing, f"{len(missing)} sequence e-mails never arrived"
    assert set(by_id) <= expected, "mail arrived that no sequence step queued"
    subjects = {}
    for recipients, message_id, subject in received:
        assert subjects.setdefault(message_id, (recipients, subject)) == (recipients, subject), f"{message_id} carried two different e-mails"
    repeated = sum(count - 1 for count in by_id.values())
    assert repeated <= KILLS, f"{repeated} e-mails sent twice for {KILLS} kills"
    rerun = db.value("SELECT COUNT(*) FROM jobs WHERE kind LIKE 'nurturing.%' AND attempts > 1")
    return {"emails": len(expected), "deliveries": len(received), "repeated": repeated, "jobs_rerun": rerun}
