#!/usr/bin/env python3
"""Server time of the reports at many deals, on SQLite: forecast and funnel for a year, losses, adoption.

Seeds a database with `carnet demo`, adds --deals more deals straight into it with their stage
history (each deal walks the stages in order from its creation over two years, the closed ones
ending won or lost, seeded), enables the reports module, then asks each report --samples times
over one keep-alive connection with an API token and prints p50 and p95 in milliseconds, beside
GET /health in the same run (the cost of HTTP alone).

    python3 Tests/perf/reports.py --deals 500000 --samples 50
    python3 Tests/perf/reports.py --binary .build/debug/carnet --deals 20000 --samples 20
"""

import argparse
import http.client
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
import foundation  # noqa: E402
from foundation import CONFIG, log, p95  # noqa: E402

DAY = 86_400_000
OPEN = ["lead", "qualified", "meeting", "proposal", "negotiation"]


def add_deals(path, count, now):
    """Inserts `count` deals created over the two years before `now`, each with the stage history
    of its walk through the pipeline: 60 % closed (40 % of them won), the rest open."""
    rng = random.Random(42)
    db = sqlite3.connect(path)
    probability = dict(db.execute("SELECT stage, MAX(probability) FROM deals GROUP BY stage"))
    probability.update({"lead": 10, "qualified": 25, "meeting": 40, "proposal": 60, "negotiation": 80, "won": 100, "lost": 0})
    owners = [row[0] for row in db.execute("SELECT id FROM users")]
    contacts = [row[0] for row in db.execute("SELECT id FROM contacts LIMIT 50000")]
    deals, moves = [], []
    for index in range(count):
        deal_id = "deal_bench%07d" % index
        at = now - rng.randint(1, 730) * DAY
        steps = rng.randint(1, len(OPEN))
        walk = [(None, OPEN[0], at)]
        for step in range(1, steps):
            at += rng.randint(1, 20) * DAY
            walk.append((OPEN[step - 1], OPEN[step], at))
        closed = None
        stage = walk[-1][1]
        if rng.random() < 0.6:
            at += rng.randint(1, 30) * DAY
            outcome = "won" if rng.random() < 0.4 else "lost"
            walk.append((stage, outcome, at))
            stage, closed = outcome, at
        walk = [move for move in walk if move[2] <= now]
        if not walk:
            continue
        if closed is not None and closed > now:
            stage, closed = walk[-1][1], None
        title = "Bench deal %07d" % index
        close = time.strftime("%Y-%m-%d", time.gmtime((walk[0][2] + rng.randint(30, 400) * DAY) / 1000))
        deals.append((deal_id, title, title.lower(), rng.choice(contacts), rng.choice(owners), rng.randint(5, 500) * 10_000, "EUR",
                      "default", stage, probability[stage], close, "Call back", now + rng.randint(-5, 30) * DAY,
                      "price" if stage == "lost" else None, walk[-1][2], closed, 1, walk[0][2], walk[-1][2]))
        for number, (source, target, moment) in enumerate(walk):
            moves.append(("stg_bench%07d_%d" % (index, number), deal_id, source, target, moment))
    db.executemany("""INSERT INTO deals (id, title, title_key, contact_id, owner_id, amount, currency, pipeline, stage,
                      probability, expected_close, next_action, next_action_at, lost_reason, stage_changed_at, closed_at,
                      version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", deals)
    db.executemany("INSERT INTO deal_stage_history (id, deal_id, from_stage, to_stage, at) VALUES (?, ?, ?, ?, ?)", moves)
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return len(deals), len(moves)


def timed(connection, path, token, samples):
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        connection.request("GET", path, headers={"Authorization": "Bearer " + token})
        response = connection.getresponse()
        response.read()
        times.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise RuntimeError("GET %s: %d" % (path, response.status))
    return statistics.median(times), p95(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=500_000)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--binary", default=foundation.BINARY, help="the carnet executable (default: the release build)")
    args = parser.parse_args()
    foundation.BINARY = os.path.abspath(args.binary)
    binary = foundation.BINARY
    with tempfile.TemporaryDirectory() as folder:
        url = "sqlite://" + os.path.join(folder, "carnet.sqlite")
        common = ["--config", CONFIG, "--database-url", url]
        subprocess.run([binary, "migrate"] + common, check=True, capture_output=True)
        subprocess.run([binary, "demo"] + common, check=True, capture_output=True)
        now = int(time.time() * 1000)
        log("adding %d deals and their stage history" % args.deals)
        deals, moves = add_deals(os.path.join(folder, "carnet.sqlite"), args.deals, now)
        log("%d deals, %d stage moves added" % (deals, moves))
        subprocess.run([binary, "modules", "enable", "reports"] + common, check=True, capture_output=True)
        email = "bench@carnet.local"
        subprocess.run([binary, "user", "add", email, "--role", "admin", "--name", "Bench"] + common,
                       input="bench-password-123", text=True, check=True, capture_output=True)
        token = subprocess.run([binary, "token", "create", email] + common, check=True, capture_output=True,
                               text=True).stdout.strip().splitlines()[-1]
        this_year = time.strftime("%Y", time.gmtime(now / 1000))
        year = "from=%s-01&to=%s-12" % (this_year, this_year)
        reports = [("GET /health (baseline)", "/health"), ("forecast, a year", "/api/v1/reports/forecast?" + year),
                   ("funnel, a year", "/api/v1/reports/funnel?" + year), ("losses, a year", "/api/v1/reports/losses?" + year),
                   ("adoption, 12 weeks", "/api/v1/reports/adoption?weeks=12"),
                   ("forecast, a year, CSV", "/api/v1/reports/forecast?format=csv&" + year)]
        server = foundation.Server(url)
        try:
            server.wait_ready(read_token=False)
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
            print("| report (%d deals, SQLite) | p50 ms | p95 ms |" % (deals + 0))
            print("|---|---:|---:|")
            for label, path in reports:
                timed(connection, path, token, 2)
                median, slow = timed(connection, path, token, args.samples)
                print("| %s | %.1f | %.1f |" % (label, median, slow))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
