#!/usr/bin/env python3
"""Foundation benchmarks: HTTP create and prefix search, CSV import, idle RSS, cold start.

Runs the release binary against SQLite and PostgreSQL (a throwaway cluster from
scripts/pg.sh), prints a table and appends it to BENCHMARKS.md with the date, commit
and machine. Every figure is a median (and p95 where it applies) over several runs,
next to a baseline measured in the same run: GET /health for HTTP, the database's own
bulk loader (sqlite3 .import / COPY) for the import.

Usage: python3 Tests/perf/foundation.py [--backends sqlite,postgres] [--runs N] [--rows N]
"""

import argparse
import csv
import datetime
import http.client
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.path.join(ROOT, ".build-release", "release", "carnet")
WORK = os.path.join(ROOT, ".build-release", "bench")
WRK_DIR = os.path.join(ROOT, "Tests", "perf", "wrk")
CONFIG = os.path.join(ROOT, "config", "carnet.toml")

FIRST = ["Alice", "Bruno", "Camille", "Damien", "Élise", "François", "Gaëlle", "Hugo", "Inès", "Julien", "Karim",
         "Léa", "Mathieu", "Nadia", "Olivier", "Pauline", "Quentin", "Rose", "Sébastien", "Théo", "Ursula", "Valérie",
         "William", "Xavier", "Yasmine", "Zoé", "Antoine", "Brigitte", "Cédric", "Delphine", "Emma", "Fabien"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
        "Laurent", "Lefèbvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
        "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand",
        "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin",
        "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin"]
CITIES = [("Paris", "Île-de-France"), ("Lyon", "Auvergne-Rhône-Alpes"), ("Toulouse", "Occitanie"),
          ("Nantes", "Pays de la Loire"), ("Lille", "Hauts-de-France"), ("Bordeaux", "Nouvelle-Aquitaine"),
          ("Strasbourg", "Grand Est"), ("Rennes", "Bretagne"), ("Marseille", "Provence-Alpes-Côte d'Azur")]


def log(message):
    print(message, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def health(port, timeout=0.5):
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        connection.request("GET", "/health")
        status = connection.getresponse().status
        connection.close()
        return status
    except OSError:
        return None


class Server:
    """A `carnet serve` process on a free loopback port, stopped by pid."""

    def __init__(self, database_url):
        self.port = free_port()
        env = dict(os.environ, CARNET_LOG_LEVEL="warning")
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [BINARY, "serve", "--config", CONFIG, "--database-url", database_url, "--host", "127.0.0.1",
             "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        self.token = None
        self.ready_after = None

    def wait_ready(self, read_token=True, limit=30.0):
        """Polls /health every millisecond; returns seconds from exec to the first 200."""
        while time.perf_counter() - self.started < limit:
            if health(self.port, timeout=0.2) == 200:
                self.ready_after = time.perf_counter() - self.started
                break
            if self.process.poll() is not None:
                raise RuntimeError("carnet serve exited: " + self.process.stdout.read())
            time.sleep(0.001)
        else:
            raise RuntimeError("carnet serve did not answer /health within %ss" % limit)
        if read_token:
            for line in self.process.stdout:
                if "API token:" in line:
                    self.token = line.split("API token:")[1].strip()
                if "listening on" in line:
                    break
        return self.ready_after

    def rss_mb(self):
        with open("/proc/%d/status" % self.process.pid) as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wrk(port, script, env, connections=8, threads=2, duration="60s"):
    """Runs wrk with one of our Lua scripts; returns its JSON result line with req/s added."""
    command = ["wrk", "-t%d" % threads, "-c%d" % connections, "-d" + duration, "--timeout", "5s",
               "-s", os.path.join(WRK_DIR, script), "http://127.0.0.1:%d" % port]
    output = subprocess.run(command, env=dict(os.environ, **env), capture_output=True, text=True, check=True).stdout
    result = json.loads([line for line in output.splitlines() if line.startswith("{")][-1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    if result["non_2xx"] or result["socket_errors"]:
        raise RuntimeError("wrk %s: %d non-2xx answers, %d socket errors" % (script, result["non_2xx"], result["socket_errors"]))
    return result


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


class Backend:
    """Hands out fresh, empty databases of one kind."""

    def __init__(self, kind, postgres_url=None):
        self.kind = kind
        self.postgres_url = postgres_url
        self.count = 0

    def fresh(self):
        self.count += 1
        name = "bench_%d_%d" % (os.getpid(), self.count)
        if self.kind == "sqlite":
            path = os.path.join(WORK, name + ".sqlite")
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)
            return "sqlite://" + path
        subprocess.run(["psql", self.postgres_url, "-qc", "CREATE DATABASE %s" % name], check=True)
        return self.postgres_url.rsplit("/", 1)[0] + "/" + name

    def bulk_load(self, csv_path, rows):
        """The database's own CSV loader into a plain table: the floor an import can approach."""
        started = time.perf_counter()
        if self.kind == "sqlite":
            path = os.path.join(WORK, "baseline.sqlite")
            if os.path.exists(path):
                os.remove(path)
            subprocess.run(["sqlite3", path], input=".mode csv\n.import %s contacts\n" % csv_path, text=True, check=True)
        else:
            url = self.fresh()
            columns = open(csv_path, encoding="utf-8").readline().strip().split(",")
            subprocess.run(["psql", url, "-qc", "CREATE TABLE contacts (%s)" % ", ".join('"%s" text' % c for c in columns)], check=True)
            subprocess.run(["psql", url, "-qc", "\\copy contacts FROM '%s' WITH (FORMAT csv, HEADER true)" % csv_path], check=True)
        return rows / (time.perf_counter() - started)


def make_csv(path, rows, seed=42):
    """A reproducible CSV of French contacts with unique e-mails."""
    generator = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["first_name", "last_name", "email", "phones", "title", "company", "city", "region", "country", "tags"])
        for index in range(rows):
            first, last = generator.choice(FIRST), generator.choice(LAST)
            city, region = generator.choice(CITIES)
            writer.writerow([first, last, "%s.%s.%d@example.fr" % (first.lower(), last.lower(), index),
                             "+33 6 %02d %02d %02d %02d" % tuple(generator.randrange(100) for _ in range(4)),
                             generator.choice(["Gérant", "Directrice commerciale", "Acheteur", "DAF", "Assistante"]),
                             "Société %d" % generator.randrange(2000), city, region, "FR",
                             generator.choice(["client", "prospect", "partenaire"])])


def prefixes():
    folded = {"É": "e", "é": "e", "è": "e", "ë": "e", "ç": "c"}
    def fold(text):
        return "".join(folded.get(char, char) for char in text.lower())[:2]
    return ",".join(sorted({fold(name) for name in FIRST + LAST}))


def run_backend(backend, runs, rows, csv_path):
    results = {}
    log("[%s] cold start and idle memory" % backend.kind)
    url = backend.fresh()
    server = Server(url)
    server.wait_ready()
    token = server.token
    time.sleep(2)
    results["idle_rss_mb"] = server.rss_mb()

    log("[%s] HTTP baseline (GET /health) and create contact (8 clients, then 1)" % backend.kind)
    baseline = [wrk(server.port, "get.lua", {"BENCH_PATH": "/health"}, duration="5s")["rps"] for _ in range(runs)]
    creates = [wrk(server.port, "create_contact.lua", {"BENCH_TOKEN": token}, duration="4s") for _ in range(runs)]
    single = [wrk(server.port, "create_contact.lua", {"BENCH_TOKEN": token}, connections=1, threads=1, duration="4s")
              for _ in range(runs)]
    results["health_rps"] = statistics.median(baseline)
    results["create8_rps"] = statistics.median(r["rps"] for r in creates)
    results["create8_p50_ms"] = statistics.median(r["p50_us"] for r in creates) / 1000
    results["create8_p95_ms"] = statistics.median(r["p95_us"] for r in creates) / 1000
    results["create8_p99_ms"] = statistics.median(r["p99_us"] for r in creates) / 1000
    results["create1_rps"] = statistics.median(r["rps"] for r in single)
    results["create1_p50_ms"] = statistics.median(r["p50_us"] for r in single) / 1000
    results["create1_p95_ms"] = statistics.median(r["p95_us"] for r in single) / 1000
    results["loaded_rss_mb"] = server.rss_mb()
    server.stop()

    starts = []
    for _ in range(max(10, runs * 4)):
        again = Server(url)
        starts.append(again.wait_ready(read_token=False))
        again.stop()
    results["cold_start_ms"] = statistics.median(starts) * 1000
    results["cold_start_p95_ms"] = p95(starts) * 1000

    log("[%s] import %d contacts from CSV" % (backend.kind, rows))
    rates = []
    imported_url = None
    for _ in range(runs):
        imported_url = backend.fresh()
        started = time.perf_counter()
        subprocess.run([BINARY, "import", "contacts", csv_path, "--config", CONFIG, "--database-url", imported_url],
                       check=True, capture_output=True)
        rates.append(rows / (time.perf_counter() - started))
    results["import_rows_s"] = statistics.median(rates)
    results["import_baseline_rows_s"] = statistics.median(backend.bulk_load(csv_path, rows) for _ in range(runs))

    log("[%s] list 50 by two-letter prefix at %d contacts" % (backend.kind, rows))
    server = Server(imported_url)
    server.wait_ready()
    search = {"BENCH_TOKEN": server.token, "BENCH_PREFIXES": prefixes()}
    lists = [wrk(server.port, "get.lua", search, connections=1, threads=1, duration="10s") for _ in range(runs)]
    results["list_p50_ms"] = statistics.median(r["p50_us"] for r in lists) / 1000
    results["list_p95_ms"] = statistics.median(r["p95_us"] for r in lists) / 1000
    results["list_rps_1"] = statistics.median(r["rps"] for r in lists)
    server.stop()
    return results


ROWS = [
    ("HTTP create contact, 8 clients, 4 s runs (req/s)", "create8_rps", ">= 5000", lambda v: v >= 5000, "%.0f"),
    ("  latency p50 / p95 / p99 (ms)", ("create8_p50_ms", "create8_p95_ms", "create8_p99_ms"), "", None, "%.2f"),
    ("HTTP create contact, 1 client (req/s)", "create1_rps", "", None, "%.0f"),
    ("  latency p50 / p95 (ms)", ("create1_p50_ms", "create1_p95_ms"), "", None, "%.2f"),
    ("baseline GET /health, 8 clients (req/s)", "health_rps", "", None, "%.0f"),
    ("list 50 by 2-letter prefix, p50 (ms)", "list_p50_ms", "<= 2", lambda v: v <= 2, "%.2f"),
    ("list 50 by 2-letter prefix, p95 (ms)", "list_p95_ms", "<= 5", lambda v: v <= 5, "%.2f"),
    ("import contacts CSV (rows/s)", "import_rows_s", ">= 50000", lambda v: v >= 50000, "%.0f"),
    ("baseline bulk load, sqlite3 .import / COPY (rows/s)", "import_baseline_rows_s", "", None, "%.0f"),
    ("idle RSS (MB)", "idle_rss_mb", "<= 40", lambda v: v <= 40, "%.1f"),
    ("RSS after the create runs (MB)", "loaded_rss_mb", "", None, "%.1f"),
    ("exec to first /health 200, median (ms)", "cold_start_ms", "<= 300", lambda v: v <= 300, "%.0f"),
    ("exec to first /health 200, p95 (ms)", "cold_start_p95_ms", "", None, "%.0f"),
]


def cell(results, key, fmt):
    if isinstance(key, tuple):
        return " / ".join(fmt % results[k] for k in key)
    return fmt % results[key]


def table(all_results, rows):
    kinds = list(all_results)
    lines = ["| measure (%d rows imported and searched) | target | %s |" % (rows, " | ".join(kinds)),
             "|---|---|" + "---|" * len(kinds)]
    for label, key, target, check, fmt in ROWS:
        cells = []
        for kind in kinds:
            text = cell(all_results[kind], key, fmt)
            if check and kind == "sqlite":
                text += " ✓" if check(all_results[kind][key]) else " ✗"
            cells.append(text)
        lines.append("| %s | %s | %s |" % (label, target, " | ".join(cells)))
    return "\n".join(lines)


def machine():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return "%s, %d cores, %.0f GiB, %s" % (model, os.cpu_count(), memory, platform.platform())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-record", action="store_true", help="print only; do not append to BENCHMARKS.md")
    args = parser.parse_args()
    if not os.access(BINARY, os.X_OK):
        sys.exit("missing %s: run `make bench`" % BINARY)
    os.makedirs(WORK, exist_ok=True)
    csv_path = os.path.join(WORK, "contacts-%d.csv" % args.rows)
    if not os.path.exists(csv_path):
        make_csv(csv_path, args.rows)

    all_results = {}
    for kind in args.backends.split(","):
        postgres_url = None
        if kind == "postgres":
            subprocess.run(["bash", os.path.join(ROOT, "scripts", "pg.sh"), "start"], check=True, stdout=subprocess.DEVNULL)
            postgres_url = subprocess.run(["bash", os.path.join(ROOT, "scripts", "pg.sh"), "url"], check=True,
                                          capture_output=True, text=True).stdout.strip()
        try:
            all_results[kind] = run_backend(Backend(kind, postgres_url), args.runs, args.rows, csv_path)
        finally:
            if kind == "postgres":
                subprocess.run(["bash", os.path.join(ROOT, "scripts", "pg.sh"), "stop"], check=False, stdout=subprocess.DEVNULL)

    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    report = "\n".join([
        "## Foundation — %s, commit %s" % (datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), commit),
        "",
        "Machine: %s. Release build. Command: `make bench` (`python3 Tests/perf/foundation.py --runs %d --rows %d`)." % (
            machine(), args.runs, args.rows),
        "Medians over %d runs (cold start over %d); ✓/✗ against the target on SQLite." % (args.runs, max(10, args.runs * 4)),
        "",
        table(all_results, args.rows),
        "",
    ])
    print(report)
    if not args.no_record:
        path = os.path.join(ROOT, "BENCHMARKS.md")
        header = "" if os.path.exists(path) else "# Benchmarks\n\nEach run appends a section; `make bench` reproduces it.\n\n"
        with open(path, "a", encoding="utf-8") as out:
            out.write(header + report + "\n")


if __name__ == "__main__":
    main()
