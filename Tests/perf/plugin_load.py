#!/usr/bin/env python3
"""Load with plugins: mixed reads and writes at a fixed rate, first with no plugin, then with
three plugins running, one of them hostile (an endless loop on a rare event).

Each run starts the release binary on a fresh SQLite database, creates --seed contacts, then
sends --rate requests per second for --seconds, paced from 8 threads over keep-alive
connections: 35 % contact reads, 20 % prefix searches, 20 % contact creations, 15 % contact
changes, 10 % deal creations. One deal in ten is titled "boom": the hostile plugin's
before-hook loops forever on it, so 1 % of the requests meet the loop and must be refused by
its budget, while every other request must succeed.

The plugins of the second run:
  stamp    before:contact.created sets a custom field (in the request's transaction);
  noter    contact.updated (after, from the outbox) logs a note on the contact;
  hostile  before:deal.created loops forever when the title contains "boom".

A run with the two well-behaved plugins alone sits in between, to tell the hostile one's cost
from the others'. Reports, per run, the rate reached, the errors among the other requests
(target 0), their p50/p95/p99 latency and the p99 ratio of the run with the three plugins to
the run without (target <= 2x); appends the table to BENCHMARKS.md unless --no-record.

Usage: python3 Tests/perf/plugin_load.py [--rate 200] [--seconds 60] [--seed 2000] [--no-record]
"""

import argparse
import datetime
import http.client
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from foundation import BINARY, ROOT, WORK, Server, log, machine  # noqa: E402

THREADS = 8
PLUGINS = {
    "stamp": ("""id = "stamp"
version = "1.0.0"
description = "Stamps new contacts."
api = "1"
permissions = []

[hooks]
"before:contact.created" = "stamp"
""", 'function stamp(event) crm.set("custom.loaded_by", "stamp") end\n'),
    "noter": ("""id = "noter"
version = "1.0.0"
description = "Logs a note on each changed contact."
api = "1"
permissions = ["write:activities"]

[hooks]
"contact.updated" = "note"
""", """function note(event)
  crm.activities.log({ kind = "note", contact_id = event.entity_id, subject = "changed", body = event.id })
end
"""),
    "hostile": ("""id = "hostile"
version = "1.0.0"
description = "Loops forever on deals titled boom."
api = "1"
permissions = []

[hooks]
"before:deal.created" = "gate"
""", """function gate(event)
  if string.find(event.record.title, "boom", 1, true) then
    while true do end
  end
end
"""),
}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))] if ordered else 0.0


class Run:
    """One server, its seed contacts, and the paced load; `results` holds (kind, hostile, status, ms)."""

    def __init__(self, name, plugins, args):
        self.name = name
        self.args = args
        self.root = os.path.join(WORK, "plugin-load-" + name)
        shutil.rmtree(self.root, ignore_errors=True)
        folder = os.path.join(self.root, "plugins")
        os.makedirs(folder)
        for plugin in plugins:
            os.makedirs(os.path.join(folder, plugin))
            manifest, main = PLUGINS[plugin]
            with open(os.path.join(folder, plugin, "plugin.toml"), "w") as file:
                file.write(manifest)
            with open(os.path.join(folder, plugin, "main.lua"), "w") as file:
                file.write(main)
        os.environ["CARNET_PLUGINS_DIRECTORY"] = folder
        os.environ["CARNET_PLUGINS_ENABLED"] = ",".join(plugins)
        self.plugins = plugins
        self.results = []
        self.lock = threading.Lock()
        self.contacts = []

    def call(self, connection, method, path, body=None):
        headers = {"Authorization": "Bearer " + self.server.token, "Content-Type": "application/json"}
        connection.request(method, path, None if body is None else json.dumps(body), headers)
        response = connection.getresponse()
        return response.status, response.read()

    def seed(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        rng = random.Random(7)
        for number in range(self.args.seed):
            status, body = self.call(connection, "POST", "/api/v1/contacts", {
                "first_name": rng.choice(["Anne", "Bruno", "Chloé", "David", "Emma", "Farid", "Gilles", "Hélène"]),
                "last_name": "Seed%05d" % number, "city": "Lyon"})
            if status != 201:
                raise RuntimeError("seed: %d %s" % (status, body[:200]))
            self.contacts.append(json.loads(body)["id"])
        connection.close()

    def client(self, index, stop_at, interval):
        rng = random.Random(1000 + index)
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        next_at = time.perf_counter() + index * interval / THREADS
        sent = 0
        while next_at < stop_at:
            delay = next_at - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            roll = rng.random()
            contact = rng.choice(self.contacts)
            hostile = False
            if roll < 0.35:
                kind, method, path, body = "read", "GET", "/api/v1/contacts/" + contact, None
            elif roll < 0.55:
                kind, method, path, body = "search", "GET", "/api/v1/contacts?q=" + rng.choice(["an", "br", "ch", "da", "em", "se"]), None
            elif roll < 0.75:
                kind, method, path, body = "create", "POST", "/api/v1/contacts", {"first_name": "Load", "last_name": "L%d-%d" % (index, sent)}
            elif roll < 0.90:
                kind, method, path, body = "change", "PATCH", "/api/v1/contacts/" + contact, {"city": rng.choice(["Lyon", "Nantes", "Lille"])}
            else:
                hostile = rng.random() < 0.1
                kind, method, path = "deal", "POST", "/api/v1/deals"
                body = {"title": ("boom %d-%d" if hostile else "Deal %d-%d") % (index, sent), "contact_id": contact}
            began = time.perf_counter()
            try:
                status, _ = self.call(connection, method, path, body)
            except (OSError, http.client.HTTPException):
                status = 0
                connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
            elapsed = (time.perf_counter() - began) * 1000
            with self.lock:
                self.results.append((kind, hostile, status, elapsed))
            sent += 1
            next_at += interval
        connection.close()

    def go(self):
        self.server = Server("sqlite://" + os.path.join(self.root, "carnet.sqlite"))
        try:
            self.server.wait_ready()
            time.sleep(2)  # the plugins' first load
            self.seed()
            interval = THREADS / self.args.rate
            stop_at = time.perf_counter() + self.args.seconds
            started = time.perf_counter()
            threads = [threading.Thread(target=self.client, args=(index, stop_at, interval)) for index in range(THREADS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            self.elapsed = time.perf_counter() - started
            self.rss = self.server.rss_mb()
        finally:
            self.server.stop()
        return self.summary()

    def summary(self):
        others = [row for row in self.results if not row[1]]
        hostile = [row for row in self.results if row[1]]
        latencies = [row[3] for row in others]
        return {
            "name": self.name, "requests": len(self.results), "rate": len(self.results) / self.elapsed,
            "errors": sum(1 for row in others if not 200 <= row[2] < 300), "others": len(others),
            "p50": percentile(latencies, 0.50), "p95": percentile(latencies, 0.95), "p99": percentile(latencies, 0.99),
            "hostile": len(hostile), "hostile_refused": sum(1 for row in hostile if not 200 <= row[2] < 300),
            "hostile_p50": percentile([row[3] for row in hostile], 0.50), "rss": self.rss,
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=2000)
    parser.add_argument("--no-record", action="store_true", help="print only; do not append to BENCHMARKS.md")
    args = parser.parse_args()
    if not os.access(BINARY, os.X_OK):
        sys.exit("missing %s: run `make bench`" % BINARY)
    os.makedirs(WORK, exist_ok=True)

    results = []
    for name, plugins in (("no plugin", []), ("two well-behaved plugins", ["stamp", "noter"]),
                          ("three plugins, one hostile", ["stamp", "noter", "hostile"])):
        log("run: %s, %d req/s for %ss" % (name, args.rate, args.seconds))
        results.append(Run(name.split(",")[0].replace(" ", "-"), plugins, args).go())
        results[-1]["name"] = name
        log(json.dumps(results[-1]))

    base, _, loaded = results
    ratio = loaded["p99"] / base["p99"] if base["p99"] else float("inf")
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    lines = [
        "## Load with plugins — %s, commit %s" % (datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), commit),
        "",
        "Machine: %s. Release build, SQLite. Command: `python3 Tests/perf/plugin_load.py --rate %d --seconds %g --seed %d`."
        % (machine(), args.rate, args.seconds, args.seed),
        "Mixed load (35 % reads by id, 20 % prefix searches, 20 % creates, 15 % changes, 10 % deal creations, one in ten of",
        "them titled \"boom\", on which the hostile plugin's before-hook loops forever), paced from %d threads." % THREADS,
        "",
        "| run | requests | req/s | errors (others) | p50 / p95 / p99 (ms), others | hostile: refused / sent, p50 (ms) | RSS after (MB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in results:
        lines.append("| %s | %d | %.0f | %d of %d | %.2f / %.2f / %.2f | %d / %d, %.0f | %.1f |" % (
            row["name"], row["requests"], row["rate"], row["errors"], row["others"], row["p50"], row["p95"], row["p99"],
            row["hostile_refused"], row["hostile"], row["hostile_p50"], row["rss"]))
    lines += ["", "p99 with plugins / without: **%.2f×** (target ≤ 2×) %s; errors among the other requests: **%d** (target 0) %s." % (
        ratio, "✓" if ratio <= 2 else "✗", loaded["errors"], "✓" if loaded["errors"] == 0 else "✗"), ""]
    report = "\n".join(lines)
    print(report)
    if not args.no_record:
        with open(os.path.join(ROOT, "BENCHMARKS.md"), "a") as file:
            file.write("\n" + report)


if __name__ == "__main__":
    main()
