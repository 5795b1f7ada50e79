"""The net under every reader: whatever an input holds, it becomes a report or a named error, never a crash.

Readers turn the failures they know (not UTF-8, a bad JSON line, ...) into :class:`IngestError` values
themselves. This module catches the rest: an exception no reader foresaw ends that one input, named, and
the batch goes on; names that came from the file system or from a report (a file name that is not UTF-8,
a JSON id holding an escaped lone surrogate) are made printable and storable; and text that is not valid
Unicode is refused before it reaches the pipeline or the database, both of which would raise on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from parley.ingest.errors import IngestError
from parley.models import Report

# A reason quoted from an exception is cut here: an error line names its input and says what went wrong,
# it does not echo a megabyte of bad input back (a JSON parser quotes the text it choked on).
MAX_REASON_CHARS = 300

_SURROGATE = re.compile("[\ud800-\udfff]")
# Control characters in a name (a newline, an ANSI escape in a file name) would break the one-line error
# or drive the terminal: they are shown as escapes.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def printable(value: str) -> str:
    """`value` with every lone surrogate and control character spelled as an escape, to print and store.

    File names that are not UTF-8 reach Python as surrogate escapes (PEP 383): those become the original
    bytes, ``\\xe9``. Other lone surrogates (a JSON ``"\\ud800"``) become their UTF-8-like bytes.
    """
    if _SURROGATE.search(value):
        try:
            raw = value.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            raw = value.encode("utf-8", "surrogatepass")
        value = raw.decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def unicode_problem(value: str) -> str | None:
    """Why `value` is not valid Unicode text (a lone surrogate and where), or None when it is."""
    m = _SURROGATE.search(value)
    if m is None:
        return None
    return f"lone surrogate U+{ord(m.group()):04X} at character {m.start() + 1}"


def short_reason(exc: BaseException) -> str:
    text = printable(f"{type(exc).__name__}: {exc}")
    return text if len(text) <= MAX_REASON_CHARS else text[:MAX_REASON_CHARS] + "..."


def clean_error(err: IngestError) -> IngestError:
    origin, reason = printable(err.origin), printable(err.reason)
    if len(reason) > 4 * MAX_REASON_CHARS:
        reason = reason[:4 * MAX_REASON_CHARS] + "..."
    return err if (origin, reason) == (err.origin, err.reason) else IngestError(origin, reason)


def check_report(report: Report) -> Report | IngestError:
    """`report` with printable names, or an error naming it when its text, title or URL is not valid Unicode."""
    doc, origin = printable(report.doc), printable(report.origin) if report.origin is not None else None
    name = origin or doc
    for field_name in ("text", "title", "url"):
        value = getattr(report, field_name)
        problem = unicode_problem(value) if isinstance(value, str) else None
        if problem:
            return IngestError(name, f"{field_name} is not valid Unicode ({problem}); fix the escapes in the source")
    if (doc, origin) != (report.doc, report.origin):
        return replace(report, doc=doc, origin=origin)
    return report


def guarded(reader: Callable[[Path, int], Iterator[Report | IngestError]], path: Path,
            max_bytes: int) -> Iterator[Report | IngestError]:
    """Everything `reader` yields for `path`, checked; an unforeseen exception ends this input with an error."""
    try:
        for item in reader(path, max_bytes):
            yield clean_error(item) if isinstance(item, IngestError) else check_report(item)
    except Exception as exc:  # noqa: BLE001 - the point: no input may end the run
        yield IngestError(printable(str(path)), f"could not be read: unexpected {short_reason(exc)} "
                                                "(the rest of the batch goes on; please report this input)")
