"""The API against its OpenAPI document: schemathesis sends a few thousand generated requests
(fixed seed) to a real server as its admin, and every answer must be one the document
describes, valid requests accepted, invalid ones refused, and never a 5xx."""

import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "harness"))
from carnet_server import running_server  # noqa: E402

SEED = 20261207
EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def server():
    with running_server("carnet-api-") as carnet:
        yield carnet


def test_generated_requests_get_documented_answers_and_no_server_error(server):
    schemathesis = Path(sys.executable).parent / "schemathesis"
    result = subprocess.run([schemathesis, "--config-file", HERE / "schemathesis.toml", "run", f"{server.url}/api/v1/openapi.json",
                             "--header", f"Authorization: Bearer {server.api_token}", "--checks", "all",
                             "--seed", str(SEED), "--max-examples", str(EXAMPLES_PER_OPERATION), "--workers", "1",
                             "--no-color"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-20_000:] + result.stderr[-5_000:] + "\n--- carnet serve ---\n" + server.log()[-5_000:]
