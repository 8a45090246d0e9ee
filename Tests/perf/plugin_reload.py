#!/usr/bin/env python3
"""Hot reload under load: a plugin changed on disk while the server takes writes.

Starts the release binary on a scratch SQLite database with one plugin enabled, a
before-hook on contact.created that stamps the plugin's version into a custom field.
Sends --rate contact creations per second for --seconds (paced, from 4 threads with
keep-alive connections) while the plugin's files are rewritten every --every seconds,
alternating two good versions, with a syntax error in between from time to time (the
broken version must be refused and the previous one keep running). Then checks that
every request got 201, that every stored contact carries a version stamp, and counts
how many contacts each version stamped.

Usage: python3 Tests/perf/plugin_reload.py [--rate 200] [--seconds 30] [--every 0.5]
"""

import argparse
import http.client
import json
import os
import shutil
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from foundation import Server, WORK, log, machine  # noqa: E402

MANIFEST = """id = "stamp"
version = "{version}"
description = "Stamps the plugin's version on new contacts."
api = "1"

[hooks]
"before:contact.created" = "stamp"
"""
GOOD = 'function stamp(event) crm.set("custom.stamp", "{version}") end\n'
BROKEN = "function stamp(event) crm.set(\n"


def write_plugin(folder, version, source):
    # The script first, then the manifest: the host loads when either changes, and a load
    # that sees the new script with the old manifest is still a valid plugin.
    with open(os.path.join(folder, "main.lua.tmp"), "w") as file:
        file.write(source.format(version=version))
    os.replace(os.path.join(folder, "main.lua.tmp"), os.path.join(folder, "main.lua"))
    with open(os.path.join(folder, "plugin.toml.tmp"), "w") as file:
        file.write(MANIFEST.format(version=version))
    os.replace(os.path.join(folder, "plugin.toml.tmp"), os.path.join(folder, "plugin.toml"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--every", type=float, default=0.5)
    args = parser.parse_args()

    root = os.path.join(WORK, "plugin-reload")
    shutil.rmtree(root, ignore_errors=True)
    plugins = os.path.join(root, "plugins")
    folder = os.path.join(plugins, "stamp")
    os.makedirs(folder)
    write_plugin(folder, "1.0.0", GOOD)
    os.environ["CARNET_PLUGINS_DIRECTORY"] = plugins
    os.environ["CARNET_PLUGINS_ENABLED"] = "stamp"
    server = Server("sqlite://" + os.path.join(root, "carnet.sqlite"))
    try:
        server.wait_ready()
        time.sleep(3)  # the first plugin load
        statuses = {}
        failures = []
        lock = threading.Lock()
        stop_at = time.perf_counter() + args.seconds
        threads = 4
        interval = threads / args.rate

        def client(index):
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            headers = {"Authorization": "Bearer " + server.token, "Content-Type": "application/json"}
            next_at = time.perf_counter() + index * interval / threads
            sent = 0
            while next_at < stop_at:
                delay = next_at - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                body = json.dumps({"first_name": "Load", "last_name": "T%d-%d" % (index, sent)})
                try:
                    connection.request("POST", "/api/v1/contacts", body, headers)
                    response = connection.getresponse()
                    text = response.read()
                    with lock:
                        statuses[response.status] = statuses.get(response.status, 0) + 1
                        if response.status != 201:
                            failures.append(text[:300])
                except OSError as error:
                    with lock:
                        failures.append(repr(error))
                    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
                sent += 1
                next_at += interval

        workers = [threading.Thread(target=client, args=(index,)) for index in range(threads)]
        started = time.perf_counter()
        for worker in workers:
            worker.start()
        reloads = 0
        broken = 0
        version = 1
        while time.perf_counter() < stop_at:
            time.sleep(args.every)
            if reloads % 5 == 4:
                write_plugin(folder, "9.9.9", BROKEN)
                broken += 1
                time.sleep(args.every)
            version += 1
            write_plugin(folder, "1.0.%d" % version, GOOD)
            reloads += 1
        for worker in workers:
            worker.join()
        elapsed = time.perf_counter() - started

        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        headers = {"Authorization": "Bearer " + server.token}
        stamps = {}
        cursor = None
        total = 0
        while True:
            path = "/api/v1/contacts?limit=200" + ("&cursor=" + cursor if cursor else "")
            connection.request("GET", path, headers=headers)
            page = json.loads(connection.getresponse().read())
            for item in page["items"]:
                stamp = item["custom_fields"].get("stamp")
                stamps[stamp] = stamps.get(stamp, 0) + 1
                total += 1
            cursor = page["next_cursor"]
            if not cursor:
                break
        sent = sum(statuses.values()) + len([f for f in failures if f.startswith("OSError") or "Error(" in f])
        unstamped = stamps.get(None, 0)
        print("machine: %s" % machine())
        print("%d requests in %.1f s (%.0f/s), %d plugin rewrites (%d broken versions refused)" % (
            sent, elapsed, sent / elapsed, reloads + broken, broken))
        print("statuses: %s; failed or lost: %d; contacts stored: %d; without a stamp: %d; versions that stamped: %d" % (
            json.dumps(statuses, sort_keys=True), len(failures), total, unstamped, len([k for k in stamps if k])))
        for failure in failures[:5]:
            print("  failure: %s" % failure)
        if failures or unstamped or total != statuses.get(201, 0) or "9.9.9" in stamps:
            sys.exit(1)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
