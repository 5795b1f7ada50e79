"""scripts/setup.sh installs only when pyproject.toml changed since the last install of the same extra.

Run against a stand-in checkout whose .venv/bin/python logs its arguments (and fakes pip), so no
install happens and no network is needed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

from tests.conftest import ROOT

FAKE_PYTHON = """#!/usr/bin/env bash
echo "$*" >> "$(dirname "$0")/calls.log"
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then exit 0; fi
exec {python} "$@"
"""


def setup_checkout(tmp_path):
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup.sh", tmp_path / "scripts" / "setup.sh")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "parley"\n', encoding="utf-8")
    bin_ = tmp_path / ".venv" / "bin"
    bin_.mkdir(parents=True)
    (bin_ / "python").write_text(FAKE_PYTHON.format(python=sys.executable), encoding="utf-8")
    (bin_ / "python").chmod(0o755)
    (bin_ / "parley").write_text("#!/bin/sh\n", encoding="utf-8")
    (bin_ / "parley").chmod(0o755)
    return bin_ / "calls.log"


def pip_runs(tmp_path, log, *args) -> list[str]:
    log.unlink(missing_ok=True)
    subprocess.run(["bash", str(tmp_path / "scripts" / "setup.sh"), *args], check=True, capture_output=True)
    return [line for line in log.read_text().splitlines() if line.startswith("-m pip install")]


def test_setup_installs_once_per_pyproject(tmp_path):
    log = setup_checkout(tmp_path)
    assert pip_runs(tmp_path, log, "test")[-1] == "-m pip install --quiet -e .[test]"
    assert pip_runs(tmp_path, log, "test") == []        # nothing changed: no pip at all
    assert pip_runs(tmp_path, log) == []                # the test extra installed the base too
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "parley"\nversion = "2"\n', encoding="utf-8")
    assert pip_runs(tmp_path, log)[-1] == "-m pip install --quiet -e ."
    assert pip_runs(tmp_path, log) == []
    assert pip_runs(tmp_path, log, "test")[-1] == "-m pip install --quiet -e .[test]"
