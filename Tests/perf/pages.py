#!/usr/bin/env python3
"""Server time of the main web pages at 100,000 contacts, on SQLite, release build.

Imports a reproducible CSV of contacts, adds the demo company (deals, activities, tasks),
with --deals N adds N more deals straight into the database (spread over the stages, owners
and two years of closing dates, seeded), signs in as the first admin through the sign-in form, then asks each page --samples times
over one keep-alive connection and reports p50 and p95, beside GET /health in the same
run (the cost of HTTP alone). Prints a Markdown table for BENCHMARKS.md.

    python3 Tests/perf/pages.py --rows 100000 --samples 200
    python3 Tests/perf/pages.py --rows 100000 --deals 500000 --samples 100
"""

import argparse
import http.client
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from foundation import BINARY, CONFIG, Server, log, make_csv, p95  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--deals", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        csv_path = os.path.join(folder, "contacts.csv")
        url = "sqlite://" + os.path.join(folder, "carnet.sqlite")
        make_csv(csv_path, args.rows)
        subprocess.run([BINARY, "migrate", "--config", CONFIG, "--database-url", url], check=True, capture_output=True)
        subprocess.run([BINARY, "demo", "--config", CONFIG, "--database-url", url], check=True, capture_output=True)
        subprocess.run([BINARY, "import", "contacts", csv_path, "--config", CONFIG, "--database-url", url], check=True, capture_output=True)
        if args.deals:
            add_deals(os.path.join(folder, "carnet.sqlite"), args.deals)
        subprocess.run([BINARY, "modules", "enable", "followups", "--config", CONFIG, "--database-url", url], check=True, capture_output=True)
        email, password = "bench@carnet.local", "bench-password-123"
        subprocess.run([BINARY, "user", "add", email, "--role", "admin", "--name", "Bench", "--config", CONFIG, "--database-url", url],
                       input=password, text=True, check=True, capture_output=True)
        server = Server(url)
        try:
            server.wait_ready(read_token=False)
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            cookie = sign_in(connection, email, password)
            contact = first_link(get(connection, "/contacts?q=ma", cookie), "/contacts/con_")
            deal = first_link(get(connection, "/pipeline", cookie), "/deals/deal_")
            pages = [("GET /health (baseline)", "/health"), ("Today", "/"), ("contacts, first page", "/contacts"),
                     ("contacts by 2-letter prefix", "/contacts?q=ma"), ("contact card", contact),
                     ("pipeline board", "/pipeline"), ("pipeline board, one closing month", "/pipeline?close=2027-03"),
                     ("pipeline list, one stage", "/pipeline?view=list&stage=proposal"), ("deal page", deal)]
            deals = "%d deals" % args.deals if args.deals else "demo deals"
            print("| page (%d contacts, %s) | p50 (ms) | p95 (ms) |" % (args.rows, deals))
            print("|---|---|---|")
            for name, path in pages:
                times = []
                for _ in range(args.samples):
                    started = time.perf_counter()
                    get(connection, path, cookie)
                    times.append((time.perf_counter() - started) * 1000)
                print("| %s | %.2f | %.2f |" % (name, statistics.median(times), p95(times)))
        finally:
            server.stop()


def add_deals(path, count):
    """Inserts `count` deals like the demo's: the stages' shares of a live pipeline, owners,
    contacts, amounts and closing dates over 2026-2027, the closed ones with their date."""
    rng = random.Random(42)
    db = sqlite3.connect(path)
    stages = dict(db.execute("SELECT stage, MAX(probability) FROM deals GROUP BY stage"))
    shares = {"lead": 15, "qualified": 10, "meeting": 8, "proposal": 7, "negotiation": 5, "won": 30, "lost": 25}
    keys = [key for key in shares if key in stages]
    owners = [row[0] for row in db.execute("SELECT id FROM users")]
    contacts = [row[0] for row in db.execute("SELECT id FROM contacts LIMIT 50000")]
    now = int(time.time() * 1000)
    rows = []
    for index in range(count):
        stage = rng.choices(keys, weights=[shares[key] for key in keys])[0]
        close = "%04d-%02d-%02d" % (rng.choice((2026, 2027)), rng.randint(1, 12), rng.randint(1, 28))
        closed = now - rng.randint(0, 700) * 86_400_000 if stage in ("won", "lost") else None
        title = "Bench deal %07d" % index
        rows.append(("deal_bench%07d" % index, title, title.lower(), rng.choice(contacts), rng.choice(owners),
                     rng.randint(5, 500) * 10_000, "EUR", "default", stage, stages[stage], close,
                     "Call back", now + rng.randint(-5, 30) * 86_400_000, "price" if stage == "lost" else None,
                     now, closed, 1, now, now))
    db.executemany("""INSERT INTO deals (id, title, title_key, contact_id, owner_id, amount, currency, pipeline, stage,
                      probability, expected_close, next_action, next_action_at, lost_reason, stage_changed_at, closed_at,
                      version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows)
    db.commit()
    db.close()


def get(connection, path, cookie):
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    body = response.read().decode()
    if response.status != 200:
        raise RuntimeError("GET %s: %d" % (path, response.status))
    return body


def sign_in(connection, email, password):
    connection.request("GET", "/login")
    response = connection.getresponse()
    page = response.read().decode()
    form_cookie = response.getheader("Set-Cookie").split(";")[0]
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"_csrf": token, "email": email, "password": password})
    connection.request("POST", "/login", body=body, headers={"Cookie": form_cookie, "Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    session = [value for name, value in response.getheaders() if name.lower() == "set-cookie" and value.startswith("carnet_session=")]
    if response.status != 303 or not session:
        raise RuntimeError("sign-in failed: %d" % response.status)
    return session[0].split(";")[0]


def first_link(page, prefix):
    match = re.search(r'href="(%s[^"]+)"' % re.escape(prefix), page)
    if not match:
        raise RuntimeError("no link starting with %s" % prefix)
    return match.group(1)


if __name__ == "__main__":
    log("pages: release build at %s" % BINARY)
    main()
