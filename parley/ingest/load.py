"""Finding input files and reading them as text, with every refusal turned into an :class:`IngestError`."""

from __future__ import annotations

import codecs
import errno
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from parley.ingest.errors import IngestError
from parley.ingest.guard import printable

# How much of a file the binary test looks at: git's heuristic reads the first 8000 bytes for a NUL.
BINARY_SAMPLE_BYTES = 8192
# Text has no control characters besides tab, newlines and form feed; a handful may slip in (a stray
# escape code), so a file is called binary only when over a tenth of its sampled bytes are control bytes.
MAX_CONTROL_SHARE = 0.10

_CONTROL_BYTES = frozenset(set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B} | {0x7F})
# Where HTML and XML declare their own encoding (read in the first 2 KiB, as browsers do).
_DECLARED_CHARSET = re.compile(
    rb"""<\?xml[^>]*\bencoding\s*=\s*["']?([\w.:-]+)|<meta[^>]*\bcharset\s*=\s*["']?([\w.:-]+)""",
    re.IGNORECASE)


class Unreadable(Exception):
    """Raised inside ingest when an input cannot be used; turned into an IngestError with `reason`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def iter_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | IngestError]:
    """The files named in `paths`, folders walked recursively in sorted order, hidden names skipped.

    A file named explicitly is read even if hidden; inside folders, names starting with "." are skipped
    (``.git``, ``.DS_Store``, editor swap files). Symbolic links to folders are not followed, so a link
    loop cannot make the walk endless. A folder with nothing to read is an error, so that a mistyped
    folder never passes silently.
    """
    for given in paths:
        path = Path(given)
        try:
            is_dir = path.is_dir()
            exists = path.exists()
        except OSError as exc:  # a parent folder that cannot be searched, a name too long
            yield IngestError(_shown(path), f"cannot open ({exc.strerror or exc})")
            continue
        if is_dir:
            found = 0
            for item in _walk(path):
                found += isinstance(item, Path)
                yield item
            if not found:
                yield IngestError(_shown(path), "folder holds no files to read (names starting with '.' are "
                                                "skipped)")
        elif exists:
            yield path
        elif path.is_symlink():
            yield IngestError(_shown(path), _link_problem(path))
        else:
            yield IngestError(_shown(path), "no such file or directory")


def _shown(path: Path) -> str:
    """The path as text that prints and stores: a name that is not UTF-8 keeps its bytes as ``\\xNN``."""
    return printable(str(path))


def _link_problem(path: Path) -> str:
    """Why a symbolic link gives no file: it points nowhere, at itself, or at something not a file."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop (the link points, through other links, back at itself)"
        if exc.errno == errno.ENOENT:
            return "broken symbolic link (its target does not exist)"
        return f"symbolic link that cannot be followed ({exc.strerror or exc})"
    if os.path.isdir(path):
        return "symbolic link to a folder (not followed; name the folder itself)"
    return "symbolic link to a device, pipe or socket, not a regular file"


def _walk(folder: Path) -> Iterator[Path | IngestError]:
    # A stack, not recursion: a folder nested thousands deep must not raise RecursionError.
    stack: list[Iterator[os.DirEntry[str]] | Path] = [folder]
    while stack:
        top = stack.pop()
        if isinstance(top, Path):
            try:
                entries = sorted(os.scandir(top), key=lambda entry: entry.name)
            except OSError as exc:
                yield IngestError(_shown(top), f"cannot list folder ({exc.strerror or exc})")
                continue
            stack.append(iter(entries))
            continue
        for entry in top:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(top)  # come back to the rest of this folder after the subfolder
                    stack.append(path)
                    break
                if entry.is_file():
                    yield path
                elif entry.is_symlink():
                    yield IngestError(_shown(path), _link_problem(path))
                else:
                    yield IngestError(_shown(path), "not a regular file (a device, pipe or socket)")
            except OSError as exc:
                yield IngestError(_shown(path), _link_problem(path) if entry.is_symlink()
                                  else f"cannot read ({exc.strerror or exc})")


# Named in every size-limit message: the CLI option and the Python argument that raise the limit.
RAISE_LIMIT = "raise the limit with `parley ingest --max-bytes N` (max_bytes= in Python) if it really is one report"


def too_big(size: int, max_bytes: int) -> str:
    return (f"file is {format_size(size)}, over the {format_size(max_bytes)} limit "
            f"({RAISE_LIMIT})")


def format_size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MiB" if n >= 1024 * 1024 else f"{n} bytes"


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes; raises :class:`Unreadable` when it is missing, unreadable or over `max_bytes`."""
    try:
        if not path.is_file():
            raise Unreadable("not a regular file" if path.exists() else "no such file or directory")
        size = path.stat().st_size
        if size > max_bytes:
            raise Unreadable(too_big(size, max_bytes))
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)  # not more, even if the file grew since stat()
    except OSError as exc:
        raise Unreadable(f"cannot read file ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:
        raise Unreadable(too_big(len(data), max_bytes))
    return data


def check_text_sample(sample: bytes) -> None:
    """Raise :class:`Unreadable` when the start of a file shows that it is not UTF-8 text."""
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if sample.startswith(bom):
            raise Unreadable(f"file is {name} encoded; parley reads UTF-8 (re-save the file as UTF-8)")
    if b"\x00" in sample:
        raise Unreadable("binary file (contains NUL bytes), not text")
    controls = sum(1 for b in sample if b in _CONTROL_BYTES)
    if sample and controls / len(sample) > MAX_CONTROL_SHARE:
        raise Unreadable(f"binary file ({controls} of its first {len(sample)} bytes are control codes), not text")


def decode(data: bytes, *, markup: bool = False) -> str:
    """UTF-8 text of `data` (a leading BOM dropped); raises :class:`Unreadable` when it is not text.

    No encoding is guessed: a file that is not UTF-8 is refused with the place of its first bad byte. HTML
    and XML may name their own encoding (``<meta charset=windows-1251>``, ``<?xml encoding=...?>``); for
    those (`markup`) the declared one is used when UTF-8 fails, since it is stated, not guessed.
    """
    check_text_sample(data[:BINARY_SAMPLE_BYTES])
    if b"\x00" in data:
        raise Unreadable("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc
    declared = _declared_charset(data) if markup else None
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError as exc:
            raise Unreadable(f"not valid {declared} as the file declares (byte 0x{data[exc.start]:02x} at offset "
                             f"{exc.start})") from exc
    raise Unreadable(f"not valid UTF-8 (byte 0x{data[bad.start]:02x} at offset {bad.start}); parley does not "
                     "guess encodings: re-save the file as UTF-8")


def _declared_charset(data: bytes) -> str | None:
    m = _DECLARED_CHARSET.search(data[:2048])
    if not m:
        return None
    name = (m[1] or m[2]).decode("ascii", "replace")
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return None if codec == "utf-8" else codec


def read_text(path: Path, max_bytes: int, *, markup: bool = False) -> str:
    """A whole file as text; raises :class:`Unreadable` for anything that is not a non-empty UTF-8 text."""
    text = decode(read_bytes(path, max_bytes), markup=markup)
    if not text.strip():
        raise Unreadable("empty file (nothing but whitespace)")
    return text


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
