"""The command line starts with one math-library thread unless the user set a count (parley.extract.threads)."""

from __future__ import annotations

import os
import subprocess
import sys

from parley.extract.threads import THREAD_VARIABLES

# Records OPENBLAS_NUM_THREADS as it is when numpy is first imported, which is when OpenBLAS reads it.
PROBE = """
import os, sys
seen = {}
class Finder:
    def find_spec(self, name, path=None, target=None):
        if name == "numpy" and name not in seen:
            seen[name] = os.environ.get("OPENBLAS_NUM_THREADS")
sys.meta_path.insert(0, Finder())
import parley.cli
import parley.api  # what the commands import when they run: numpy, by way of the copy index
print(seen.get("numpy", "numpy not imported"), os.environ["OMP_NUM_THREADS"])
"""


def _probe(**env: str) -> list[str]:
    base = {k: v for k, v in os.environ.items() if k not in THREAD_VARIABLES}
    return subprocess.run([sys.executable, "-c", PROBE], env={**base, **env}, capture_output=True, text=True,
                          check=True).stdout.split()


def test_the_command_line_sets_one_thread_before_numpy_loads():
    assert _probe() == ["1", "1"]


def test_a_count_the_user_set_is_kept():
    assert _probe(OPENBLAS_NUM_THREADS="3") == ["3", "1"]
