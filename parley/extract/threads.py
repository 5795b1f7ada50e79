"""One math-library thread for a command that extracts in its own process (`parley ingest -j 1`).

The model's matrices are small: in one process on 2 cores, OpenBLAS with its thread pool took 39-40 ms a
report where the same process started with one thread took 35-36 (CPU and wall alike; `parley ingest -j 1`
on 200 reports: 3-6 % less CPU). OpenBLAS reads its thread count when it loads, so a limit set later at run
time (threadpoolctl) does not bring the gain: the variables must be in the environment before numpy is
imported. Worker processes forked from an initialised server showed no difference either way (`-j 2`:
39.3-40.1 ms a report with one thread or two), so only the command line sets them. These are the
variables joblib sets for its workers; a value the user set is always kept.
"""

from __future__ import annotations

import os

THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
                    "NUMEXPR_NUM_THREADS")


def prefer_one_thread() -> None:
    """For a process parley owns (the command line): one math thread unless the user said otherwise. Has an
    effect only before numpy is first imported."""
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, "1")
