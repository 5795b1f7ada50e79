"""The outlet and platform lexicon (``parley/data/outlets.toml``), loaded once per process."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

OUTLETS_FILE = "outlets.toml"


class OutletsFileError(ValueError):
    """outlets.toml is not valid TOML, or an entry lacks a field or repeats another's alias."""


@dataclass(frozen=True, slots=True)
class Outlets:
    """Known news outlets (with their aliases) and platforms."""

    names: tuple[tuple[str, str], ...]  # (form as written in texts, usual name), every name and alias
    platforms: frozenset[str]  # case-folded names and aliases of platforms
    _usual: dict[str, str] = field(init=False, repr=False, compare=False, hash=False)
    # The credit-line patterns, compiled on first use (credit_lines).
    _credit: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_usual", {_fold(form): usual for form, usual in self.names})
        object.__setattr__(self, "_credit", ())

    def usual_name(self, name: str) -> str | None:
        """The usual name of the outlet called `name` (any listed form, any case), or None if unlisted."""
        return self._usual.get(_fold(name))

    def is_platform(self, name: str) -> bool:
        return _fold(name) in self.platforms

    def credit_lines(self, text: str) -> list[tuple[int, str]]:
        """Listed outlets that a line of its own credits, with their positions, in text order.

        The lines wire copy and republished stories carry besides the running text: a source line
        ("Source: Reuters, citing Bessent, as reported by European Pravda"), a copyright line ("© 2025
        Thomson/Reuters"), a wire trailer ("With inputs from PTI", "Reuters contributed to this report"), a
        headline that names its source ("Reuters: Ukraine minerals deal is ...") and a sign-off of the
        outlet's name alone ("MNA"). Photo credits ("Photo: Reuters") are not sources.
        """
        if not self.names:
            return []
        if not self._credit:
            alts = alternation([_atoms(form) for form, _ in self.names])
            object.__setattr__(self, "_credit", (
                re.compile(rf"(?<![\w.\-]){alts}(?![\w\-]|\.\w)"),
                re.compile(rf"^[ \t]*(?P<name>{alts})[ \t]*:[ \t]+\S", re.MULTILINE),
                re.compile(rf"^[ \t]*[-–—(\[]*[ \t]*(?P<name>{alts})[ \t]*[)\]]?[ \t]*\.?[ \t\r]*$", re.MULTILINE)))
        inner, head, alone = self._credit
        out: list[tuple[int, str]] = []
        for line in _CREDIT_LINE.finditer(text):
            group = next(g for g in ("body", "trailer", "contrib") if line.group(g) is not None)
            if group == "trailer" and len(line[group].split()) > 8:
                continue
            for m in inner.finditer(text, line.start(group), line.end(group)):
                usual = self.usual_name(m[0])
                if usual:
                    out.append((m.start(), usual))
        for m in head.finditer(text):
            usual = self.usual_name(m["name"])
            if usual:
                out.append((m.start("name"), usual))
        for m in alone.finditer(text):
            usual = self.usual_name(m["name"])
            if usual:
                out.append((m.start("name"), usual))
        return sorted(out)

    def pattern(self) -> str:
        """A regular expression (no groups) that matches any listed outlet form in running text.

        Case-sensitive on purpose: "AP", "NV" and "UP" are words in lower or title case. Longest forms come
        first so that "Interfax-Ukraine" is not read as "Interfax".
        """
        if not self.names:
            return r"(?!)"  # no outlets: match nothing (an empty alternation would match everywhere)
        alts = alternation([[r"[Tt]", "h", "e", r"\s+", *_atoms(form[4:])] if form.startswith("The ") else _atoms(form)
                            for form, _ in self.names])
        # Not inside a longer word or dotted name ("Censor.NET" vs "censor", "LIGA.net" vs "LIGA").
        return r"(?<![\w.\-/])" + alts + r"(?![\w\-/]|\.\w)"


def _atoms(form: str) -> list[str]:
    """A form as regular-expression atoms, one a character; a space matches any run of white space."""
    return [r"\s+" if c == " " else re.escape(c) for c in form]


def alternation(forms: list[list[str]]) -> str:
    """One group matching any of `forms` (each a list of atoms), as a trie: "Interfax(?:-Ukraine)?".

    Python's `re` tries the branches of a plain alternation one by one at every position; with hundreds of
    outlets that was most of the time spent reading a report's sources. A trie shares each prefix, so a
    position costs a few branch tests. Where one form extends another the longer is tried first (as the
    longest-first plain alternation did), and a shorter one is still matched when the longer fails.
    """
    trie: dict[str, Any] = {}
    for atoms in forms:
        node = trie
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[""] = {}  # the end of a form

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [atom + emit(child) for atom, child in node.items() if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
        return body

    return "(?:" + emit(trie) + ")"


# A line that credits outlets: "Source(s): ...", "Via ...", "© 2025 Thomson/Reuters", "Copyright AFP", and the
# wire trailers "(With inputs from PTI)", "Additional reporting by Reuters", "AFP contributed to this report".
# The "with" forms open ordinary sentences too ("With Reuters barred, ..."), so they count on a short line only.
_CREDIT_LINE = re.compile(
    r"^[ \t]*(?:(?i:sources?|via)[ \t]*:|(?:©|\((?i:c)\)|(?i:copyright))[ \t]*(?:\d{4}[ \t]*)?)(?P<body>[^\n]*)$"
    r"|^[ \t]*[(\[—–-]*[ \t]*(?i:(?:with\s+)?(?:(?:additional\s+)?(?:inputs?|reporting|files|information)\s+(?:from|by)"
    r"|with))[ \t]+(?P<trailer>[^\n]{1,80}?)[ \t]*[)\]]?[ \t]*\.?[ \t\r]*$"
    r"|^(?P<contrib>[^\n]{1,80}?)[ \t]+(?i:contributed\s+(?:to\s+)?this\s+(?:report|story|article))[^\n]*$",
    re.MULTILINE)


def _fold(name: str) -> str:
    name = " ".join(name.split()).casefold()
    return name[4:] if name.startswith("the ") else name


def parse_outlets(data: dict[str, Any], source: str = OUTLETS_FILE) -> Outlets:
    """Build the lexicon from the parsed TOML; `source` names the file in error messages."""
    names: list[tuple[str, str]] = []
    owner: dict[str, str] = {}
    platforms: set[str] = set()
    for section in ("outlet", "platform"):
        entries = data.get(section, [])
        if not isinstance(entries, list):
            raise OutletsFileError(f"{source}: [{section}] must be an array of tables ([[{section}]])")
        for n, entry in enumerate(entries, 1):
            name = entry.get("name") if isinstance(entry, dict) else None
            aliases = entry.get("aliases", []) if isinstance(entry, dict) else None
            if not isinstance(name, str) or not name.strip():
                raise OutletsFileError(f"{source}: {section} entry {n} has no `name`")
            if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
                raise OutletsFileError(f"{source}: {section} {name!r}: `aliases` must be a list of names")
            for form in [name, *aliases]:
                key = _fold(form)
                if owner.setdefault(key, name) != name:
                    raise OutletsFileError(f"{source}: {form!r} is listed for both {owner[key]!r} and {name!r}")
                if section == "outlet":
                    names.append((form, name))
                else:
                    platforms.add(key)
    return Outlets(names=tuple(names), platforms=frozenset(platforms))


def load_outlets(path: str | os.PathLike[str] | None = None) -> Outlets:
    """Read an outlets file; by default ``$PARLEY_DATA/outlets.toml`` if present, else the bundled one.

    ``PARLEY_DATA`` is the same override that the other data files honour (see ``parley.lexicon``).
    """
    if path is None:
        override = os.environ.get("PARLEY_DATA")
        if override and (Path(override) / OUTLETS_FILE).is_file():
            path = Path(override) / OUTLETS_FILE
        else:
            path = Path(str(resources.files("parley.data") / OUTLETS_FILE))
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise OutletsFileError(f"{path}: not valid TOML ({exc})") from exc
    return parse_outlets(data, str(path))


@cache
def default_outlets() -> Outlets:
    """The lexicon every ingest call uses unless given another one; read once per process."""
    return load_outlets()
