"""The closed classes of English that the extraction components read text with (`parley/data/grammar.toml`).

A component asks for a word class by name (`grammar.words("target_preps")`) or a clause pattern
(`grammar.pattern("relative")`); an unknown name is a data error, not an empty set, so a renamed entry
cannot silently switch a rule off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from parley.lexicon import DataFileError, _read


@dataclass(slots=True)
class Grammar:
    word_classes: dict[str, frozenset[str]]
    patterns: dict[str, re.Pattern[str]]
    synonyms: dict[str, str]  # [role_synonyms]: title words folded to one ("chief" -> "head")
    source: str = "grammar.toml"

    def words(self, name: str) -> frozenset[str]:
        try:
            return self.word_classes[name]
        except KeyError:
            raise DataFileError(f"{self.source}: no word class [words].{name}") from None

    def pattern(self, name: str) -> re.Pattern[str]:
        try:
            return self.patterns[name]
        except KeyError:
            raise DataFileError(f"{self.source}: no pattern [patterns].{name}") from None


def any_of(patterns: Iterable[str]) -> re.Pattern[str]:
    """One case-blind pattern that matches where any of `patterns` does (never, for none): a cheap test
    before each is run on its own, or one pattern for a list of alternatives."""
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)", re.I)


def _compile(name: str, value: Any) -> re.Pattern[str]:
    try:
        return re.compile(str(value), re.I)
    except re.error as exc:
        raise DataFileError(f"grammar.toml: [patterns].{name} is not a valid regular expression ({exc})") from exc


@cache
def load_grammar(data_dir: str | None = None) -> Grammar:
    """Read grammar.toml once per process (from `data_dir`, else $PARLEY_DATA, else the bundled one)."""
    data = _read("grammar.toml", data_dir)
    words = {name: frozenset(str(w).lower() for w in values) for name, values in data.get("words", {}).items()}
    patterns = {name: _compile(name, value) for name, value in data.get("patterns", {}).items()}
    synonyms = {str(k).lower(): str(v).lower() for k, v in data.get("role_synonyms", {}).items()}
    return Grammar(words, patterns, synonyms)
