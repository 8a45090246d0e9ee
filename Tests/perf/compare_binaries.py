"""A/B of several `carnet` binaries: idle RSS, GET /health and create-contact rates (8 clients).

Each round starts every binary in turn on a fresh SQLite database, so a noisy machine
slows them alike; medians over the rounds are printed. Nothing is written to BENCHMARKS.md.

    python3 Tests/perf/compare_binaries.py --rounds 3 A/carnet B/carnet
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import foundation  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("binaries", nargs="+")
    args = parser.parse_args()
    os.makedirs(foundation.WORK, exist_ok=True)
    results = {binary: {"idle_rss_mb": [], "health_rps": [], "create8_rps": []} for binary in args.binaries}
    for _ in range(args.rounds):
        for binary in args.binaries:
            foundation.BINARY = binary
            server = foundation.Server(foundation.Backend("sqlite").fresh())
            server.wait_ready()
            try:
                time.sleep(1.5)
                results[binary]["idle_rss_mb"].append(server.rss_mb())
                results[binary]["health_rps"].append(
                    foundation.wrk(server.port, "get.lua", {"BENCH_PATH": "/health"}, duration="4s")["rps"])
                results[binary]["create8_rps"].append(
                    foundation.wrk(server.port, "create_contact.lua", {"BENCH_TOKEN": server.token}, duration="4s")["rps"])
            finally:
                server.stop()
    for binary, measures in results.items():
        print(binary + ": " + ", ".join("%s %.1f" % (name, statistics.median(values)) for name, values in measures.items()))


if __name__ == "__main__":
    main()
