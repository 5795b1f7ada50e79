"""PySpark's worker daemon with parley's pipeline loaded before it forks a worker (`spark.python.daemon.module`).

On Linux an executor starts one daemon, which forks a Python worker for each task slot. Loaded here, the
model, the lexicon, the matchers and the outlet names are in memory once per executor, shared
copy-on-write by its workers (as `parley ingest`'s workers share its fork server's, see
`parley.extract.preload`), instead of each worker loading its own copy while the first tasks wait.

The daemon's standard output is how it tells the JVM its port, so nothing else may be written there while
loading. A failure to load is left for the workers: each then loads the pipeline itself and reports what
is wrong in its task, as it always has.
"""

from __future__ import annotations

import contextlib
import sys


def preload() -> None:
    with contextlib.redirect_stdout(sys.stderr):
        import parley.extract.preload  # noqa: F401 - loads the pipeline, or leaves the error to the workers
        from parley.ingest.metadata import default_finder

        with contextlib.suppress(Exception):
            default_finder()  # the outlet names, compiled: every read task finds sources with them


if __name__ == "__main__":
    preload()
    from pyspark.daemon import manager

    manager()
