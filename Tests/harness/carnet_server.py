"""A Carnet server for the Python tests: its own folder, configuration and database (SQLite in
the folder, or a PostgreSQL database given by URL), bound to a free loopback port, stopped by pid."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


class CarnetServer:
    """A running `carnet serve` with its own folder, configuration and database.

    `database_url` defaults to a SQLite file in the folder; `settings` is TOML appended to the
    configuration (whole sections other than server, database, modules and mail); `mail` is
    lines of the [mail] section (the default writes each e-mail to the folder); `name` names
    the configuration and log files, so that several instances can share one folder. The
    process can be stopped, killed and started again on the same database: the log keeps every
    run, and the first start's banner (admin e-mail, password, API token) stays the credentials.
    """

    def __init__(self, binary, folder, database_url=None, settings="", name="carnet", mail=""):
        self.binary = binary
        self.folder = folder
        self.config = folder / f"{name}.toml"
        self.log_file = folder / f"{name}.log"
        self.database_url = database_url or f"sqlite://{folder}/carnet.sqlite"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.admin_email = None
        self.admin_password = None
        self.api_token = None
        self.process = None
        # Settings come from the file alone, whatever CARNET_* variables the caller's shell has.
        self.env = {key: value for key, value in os.environ.items() if not key.startswith("CARNET_")}
        self.config.write_text(f"""\
[server]
host = "127.0.0.1"
port = {self.port}
public_url = "{self.url}"
[database]
url = "{self.database_url}"
[modules]
enabled = ["followups", "tickets", "reports", "segments", "capture", "leadscoring", "nurturing"]
[mail]
folder = "{folder}/mail"
{mail}
{settings}""")

    def start(self, timeout=30):
        """Starts the process and waits until /health answers; the first start reads the banner."""
        with open(self.log_file, "ab") as log:
            self.process = subprocess.Popen([self.binary, "serve", "--config", self.config], cwd=self.folder,
                                            env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while not self.healthy():
            if self.process.poll() is not None:
                pytest.fail(f"carnet serve exited with {self.process.returncode}:\n{self.log()}")
            if time.monotonic() > deadline:
                pytest.fail(f"carnet serve not healthy after {timeout} s:\n{self.log()}")
            time.sleep(0.1)
        if self.api_token is None:
            self.read_banner()

    def read_banner(self):
        self.admin_email = self.printed("e-mail")
        self.admin_password = self.printed("password")
        self.api_token = self.printed("API token")

    def healthy(self):
        try:
            with urllib.request.urlopen(f"{self.url}/health", timeout=1) as response:
                return response.status == 200
        except OSError:
            return False

    def printed(self, label):
        """A value of the first-start banner, e.g. `  password:  abc`."""
        match = re.search(rf"^  {label}:\s+(\S+)$", self.log(), re.MULTILINE)
        if not match:
            pytest.fail(f"carnet serve printed no {label}:\n{self.log()}")
        return match.group(1)

    def api(self, method, path, body=None):
        """Calls /api/v1/PATH as the printed admin and returns the decoded JSON answer."""
        request = urllib.request.Request(f"{self.url}/api/v1{path}", method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Authorization": f"Bearer {self.api_token}",
                                                  "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            pytest.fail(f"{method} /api/v1{path} answered {error.code}: {error.read().decode(errors='replace')}")

    def share_credentials(self, other):
        """Uses the admin of `other`, a server on the same database that printed the banner."""
        self.admin_email, self.admin_password, self.api_token = other.admin_email, other.admin_password, other.api_token

    def kill(self):
        """SIGKILL: no shutdown, no flush; what was not committed is lost."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def run_cli(self, *args, input=None):
        """Runs `carnet ARGS --config FILE` on this server's database; fails the test if it exits non-zero."""
        command = [self.binary, *args, "--config", self.config]
        result = subprocess.run(command, cwd=self.folder, env=self.env, input=input, capture_output=True, text=True)
        if result.returncode != 0:
            pytest.fail(f"carnet {' '.join(args)} exited with {result.returncode}:\n{result.stdout}{result.stderr}")
        return result

    def log(self):
        return self.log_file.read_text(errors="replace")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def carnet_binary():
    """The binary under test: CARNET_TEST_BINARY, else the debug build."""
    binary = Path(os.environ.get("CARNET_TEST_BINARY", REPO / ".build/debug/carnet"))
    if not os.access(binary, os.X_OK):
        pytest.fail(f"no carnet binary at {binary}: build it with `swift build` (or set CARNET_TEST_BINARY)")
    return binary


@contextmanager
def running_server(prefix):
    """A started server on a fresh database in a new folder, stopped and removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    carnet = CarnetServer(carnet_binary(), folder)
    try:
        carnet.start()
        yield carnet
    finally:
        if carnet.process:
            carnet.stop()
        shutil.rmtree(folder)
