"""Defaults a caller may override, kept apart so that the command line can name them without importing the
library (see `parley.cli`: its imports stay light, since the extraction workers' server imports it)."""

from __future__ import annotations

import os

# The database when none is named: `PARLEY_DB`, else this file in the working folder.
DEFAULT_DB = "parley.db"

# A long news article is some 10-50 KiB of text, and a heavy article page a few hundred KiB of HTML. A
# file over 5 MiB is almost surely not one report (a database dump, a log, a mis-saved archive), and
# reading it whole would cost memory for nothing; callers with larger inputs can raise the limit.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def default_db() -> str:
    return os.environ.get("PARLEY_DB", DEFAULT_DB)
