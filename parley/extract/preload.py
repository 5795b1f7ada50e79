"""Imported once by the fork server that extraction workers start from (see `pipeline._new_pool`).

Loading the pipeline here, before any worker is forked, means each worker starts with the model, the
lexicon and the matchers already in memory instead of loading its own copy. A failure is left for the
workers: each then loads the pipeline itself and reports what is wrong as it always has.
"""

from __future__ import annotations

from parley.extract.pipeline import _worker_nlp

try:
    _worker_nlp()
except Exception:  # noqa: BLE001, S110 - the worker that needs the pipeline raises this error itself
    pass
