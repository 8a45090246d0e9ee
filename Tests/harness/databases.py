"""The databases of the Python tests' servers, read directly: a fresh PostgreSQL database per
test on the cluster of CARNET_TEST_POSTGRES_URL, and rows as dicts from either backend (the
SQLite file through python's sqlite3, PostgreSQL through `psql`)."""

import json
import sqlite3
import subprocess
import uuid
from contextlib import closing, contextmanager
from urllib.parse import urlsplit, urlunsplit


def psql(url, sql):
    """Runs one statement with psql on `url` and returns its unaligned output."""
    result = subprocess.run(["psql", url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"psql failed ({result.returncode}) on {sql!r}: {result.stderr}")
    return result.stdout


@contextmanager
def postgres_database(cluster_url):
    """A new, empty database on the cluster of `cluster_url`; yields its URL, drops it afterwards."""
    name = f"carnet_py_{uuid.uuid4().hex[:12]}"
    psql(cluster_url, f"CREATE DATABASE {name}")
    parts = urlsplit(cluster_url)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        psql(cluster_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class DatabaseReader:
    """Reads a server's database by its `database.url` (`sqlite://PATH` or `postgres://...`)."""

    def __init__(self, url):
        self.url = url

    def rows(self, sql):
        """The rows of a query as dicts; integers as int, NULL as None, on both backends."""
        if self.url.startswith("sqlite://"):
            with closing(sqlite3.connect(f"file:{self.url.removeprefix('sqlite://')}?mode=ro", uri=True, timeout=30)) as conn:
                conn.row_factory = sqlite3.Row
                return [dict(row) for row in conn.execute(sql)]
        return json.loads(psql(self.url, f"SELECT coalesce(json_agg(t), '[]'::json) FROM ({sql}) t"))

    def value(self, sql):
        """The single value of a one-row, one-column query."""
        (row,) = self.rows(sql)
        (value,) = row.values()
        return value
