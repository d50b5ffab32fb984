"""`dyad serve` as a user runs it: a real process on a free port, the API answering, and
the option errors of the contract (one line, exit 2)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_on_the_given_port(kb_url):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "dyad", "serve", "--db", kb_url,
                             "--port", str(port)], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/dyads") as r:
                    body = json.load(r)
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.time() < deadline, "dyad serve did not answer"
                time.sleep(0.2)
        assert body["dyads"][0]["url"] == "/dyads/armenia/artsakh"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as r:
            assert b'href="/dyads/armenia/artsakh"' in r.read()
    finally:
        proc.terminate()
        proc.wait(10)


def test_allow_ingest_without_a_token_is_a_usage_error(kb_url):
    env = {k: v for k, v in os.environ.items() if k != "DYAD_TOKEN"}
    out = subprocess.run([sys.executable, "-m", "dyad", "serve", "--db", kb_url,
                          "--allow-ingest"], capture_output=True, text=True, env=env, timeout=30)
    assert out.returncode == 2
    assert out.stderr.strip() == "Error: --allow-ingest needs --token SECRET (or $DYAD_TOKEN)"


@pytest.mark.parametrize("args", [["--port", "99999"], ["--port", "x"]])
def test_bad_port_is_a_usage_error(args):
    out = subprocess.run([sys.executable, "-m", "dyad", "serve", *args],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 2 and "Traceback" not in out.stderr


def test_unopenable_database_is_one_line(tmp_path):
    out = subprocess.run([sys.executable, "-m", "dyad", "serve", "--db",
                          f"sqlite:///{tmp_path}/missing/dir/kb.db"],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("Error: ")
    assert "does not exist" in out.stderr
