"""What the reliability tests share: an API client that tells a refused or cut connection from
an answer, a webhook receiver that records every delivery, and the backends to run on."""

import http.client
import json
import os
import sys
import threading
import time
from contextlib import nullcontext
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "Tests" / "harness"))
from carnet_server import free_port  # noqa: E402
from databases import postgres_database  # noqa: E402

POSTGRES_URL = os.environ.get("CARNET_TEST_POSTGRES_URL")


class NoAnswer(Exception):
    """The request got no HTTP answer (connection refused, reset or cut): its outcome is unknown."""


class Answer:
    """An HTTP answer: status, headers and the decoded JSON body (None when it is not JSON)."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def ok(self):
        return 200 <= self.status < 300

    def __repr__(self):
        return f"Answer({self.status}, {self.body!r})"


class Client:
    """Calls /api/v1 of one server over a kept-alive connection; one client per thread."""

    def __init__(self, server, timeout=15):
        self.server = server
        self.timeout = timeout
        self.connection = None

    def call(self, method, path, body=None, headers=None):
        """Sends one request; returns its `Answer`, or raises `NoAnswer` without one."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=self.timeout)
        sent = {"Authorization": f"Bearer {self.server.api_token}", "Content-Type": "application/json", **(headers or {})}
        try:
            self.connection.request(method, f"/api/v1{path}", body=None if body is None else json.dumps(body), headers=sent)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            raise NoAnswer(f"{method} {path}: {error!r}") from error
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        try:
            decoded = json.loads(data) if data else None
        except ValueError:
            decoded = None
        return Answer(response.status, dict(response.getheaders()), decoded)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class WebhookReceiver:
    """A loopback HTTP server answering 200 to every POST and recording each delivery as
    (Carnet-Delivery header, event id from the body, event type)."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.deliveries = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                with receiver.lock:
                    receiver.deliveries.append((self.headers.get("Carnet-Delivery"), body.get("id"), body.get("type")))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def received(self):
        with self.lock:
            return list(self.deliveries)


BACKENDS = ["sqlite", "postgres"]


def database_url_for(backend):
    """A context manager yielding the `database.url` for `backend`: None (the server's own SQLite
    file) or a fresh PostgreSQL database; skips PostgreSQL when CARNET_TEST_POSTGRES_URL is unset."""
    if backend == "sqlite":
        return nullcontext(None)
    if not POSTGRES_URL:
        pytest.skip("CARNET_TEST_POSTGRES_URL is not set (make test sets it)")
    return postgres_database(POSTGRES_URL)


def job_settings(receiver_port, lease_seconds=6, max_attempts=5):
    """TOML for quick jobs and a webhook allowed to reach the receiver: a worker that polls
    every 50 ms, short leases (a killed server's jobs come back after `lease_seconds`), and
    `max_attempts` for every job, webhook deliveries included."""
    return f"""
[jobs]
poll_interval_ms = 50
batch_size = 50
lease_seconds = {lease_seconds}
max_attempts = {max_attempts}
[webhooks]
allowed_ports = [{receiver_port}]
timeout_seconds = 1
max_attempts = {max_attempts}
"""


def wait_until_drained(db, timeout):
    """Waits until every event is dispatched and no job is running or queued and due (the jobs
    leased to a killed process come back once their lease runs out); `db` is a DatabaseReader."""
    deadline = time.monotonic() + timeout
    while True:
        now = int(time.time() * 1000)
        busy = db.value(f"""SELECT (SELECT COUNT(*) FROM events WHERE dispatched_at IS NULL)
                                 + (SELECT COUNT(*) FROM jobs WHERE status = 'running' OR (status = 'queued' AND run_at <= {now}))""")
        if busy == 0:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"not drained after {timeout} s: "
                                 f"{db.rows('SELECT kind, status, COUNT(*) AS n FROM jobs GROUP BY kind, status')}")
        time.sleep(0.25)
