"""Every command of the CLI is documented in the README, and the package runs as a module."""

from __future__ import annotations

import re
import subprocess
import sys

from dyad.cli import cli
from dyad.cli import commands  # noqa: F401  (registers the commands)

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\s*dyad ([a-z][a-z-]*)", readme, flags=re.M))
    missing = sorted(set(cli.commands) - documented)
    assert not missing, f"commands not documented in README.md: {missing}"


def test_contract_commands_exist():
    for name in ("extract", "timex", "ingest", "timeline", "serve", "export"):
        assert name in cli.commands, f"contract command missing: dyad {name}"


def test_python_dash_m_dyad():
    out = subprocess.run([sys.executable, "-m", "dyad", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    assert "extract" in out.stdout
