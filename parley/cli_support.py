"""Plain-text tables for the CLI that fit the terminal.

Columns named in `keep` (ids, dates, counts) are never cut, so what a table shows can be pasted into the
next command (`parley evidence events 42`, `parley actor rustem-umerov`). The other columns share what
width is left; a cell that does not fit ends in "…".
"""

from __future__ import annotations

import errno
import os
import shutil
import socket
import sys
from collections.abc import Iterable, Mapping
from typing import Any

ELLIPSIS = "…"
GAP = "  "
# Below this a text column stops shrinking (and the line runs past the terminal's edge instead): three
# letters and the ellipsis still say which value it was.
MIN_WIDTH = 4


def terminal_width() -> int | None:
    """The terminal's width ($COLUMNS first, then the terminal's own); None when output goes to a pipe or a
    file, which then gets every cell whole."""
    if not os.environ.get("COLUMNS") and not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size((100, 24)).columns


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return " ".join(str(value).split())


def fit_widths(natural: list[int], fixed: list[bool], width: int, gap: int = len(GAP)) -> list[int]:
    """Column widths within `width`: fixed columns keep their natural width; the widest others give way."""
    widths = list(natural)
    budget = width - gap * (len(widths) - 1)
    while sum(widths) > budget:
        flexible = [i for i, w in enumerate(widths) if not fixed[i] and w > MIN_WIDTH]
        if not flexible:
            break
        widest = max(flexible, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:max(width - 1, 0)] + ELLIPSIS


def format_table(rows: Iterable[Mapping[str, Any]], columns: list[str], *, keep: Iterable[str] = (),
                 width: int | None = None) -> list[str]:
    """The lines of a table of `rows` under `columns`, fitted to `width` (default: the terminal's, if any)."""
    cells = [[cell(r.get(c)) for c in columns] for r in rows]
    natural = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    keep = set(keep)
    width = width or terminal_width()
    widths = natural if width is None else fit_widths(natural, [c in keep for c in columns], width)
    lines = [GAP.join(clip(c, w).ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    for row in cells:
        lines.append(GAP.join(clip(v, w).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    return lines


def port_taken(host: str, port: int) -> bool:
    """Whether another process listens on `host`:`port` already (port 0 picks a free one: never taken)."""
    if port == 0:
        return False
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return False  # let the server report the bad host
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        # The server sets SO_REUSEADDR too: a port in TIME_WAIT after a stopped server is free to it.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False
