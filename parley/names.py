"""Name keys: make transliteration variants of one name collide before any comparison.

Ukrainian and Russian names reach English through several romanizations (BGN/PCGN, the 2010 Ukrainian
national system, Library of Congress, French- or German-style spellings in wire copy). A name key folds the
alternations those systems disagree on, so that Umerov and Umyerov share a key while Shevchenko
stays Shevchenko. Keys are compared for equality; nothing here is fuzzy.

Names in other scripts are transliterated first: Ukrainian and Russian Cyrillic by the press-style tables
of ``parley/data/translit.toml`` ("Рустем Умєров" -> "Rustem Umerov"), everything else by anyascii
("Νίκος Δένδιας" -> "Nikos Dendias"), so that a name meets its Latin spelling and no two names share an
empty key.
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from anyascii import anyascii

# Ordered rewrites applied to a lower-cased, accent-free word. Order matters: digraphs before the single
# letters they contain. Each line names the variants it unifies.
_FOLDS: tuple[tuple[str, str], ...] = (
    ("shch", "sc"),  # Shchur / Schur
    ("iy$", "i"),  # Andriy / Andrii / Andrij (end of word)
    ("yy$", "i"),  # Zelenskyy / Zelensky / Zelenskiy
    ("ij$", "i"),
    ("ii$", "i"),
    ("yi", "i"),  # Mykolayiv / Mykolaiv
    ("ie", "e"),  # Andriievskyi / Andreevskyi
    ("ye", "e"),  # Umyerov / Umerov, Yermak / Ermak
    ("je", "e"),
    ("ya", "a"),  # Illya / Illia / Ila
    ("ia", "a"),  # Kyslytsia
    ("ja", "a"),
    ("yu", "u"),  # Yuriy / Iurii
    ("iu", "u"),
    ("ju", "u"),
    ("yo", "o"),
    ("io", "o"),
    ("kh", "h"),  # Kharkiv / Harkiv
    ("zh", "j"),
    ("tz", "ts"),
    ("ks", "x"),  # Oleksiy / Olexiy
    ("w", "v"),  # German-style Selenskyj transliterations
    ("g", "h"),  # Serhiy / Sergiy, Hlib / Gleb
    ("y", "i"),  # Kyrylo / Kirilo, Syrskyi / Sirskii
    ("j", "i"),
    ("c", "k"),  # Kilic / Kilik (after the digraphs above)
)
_COMPILED = tuple((re.compile(pat), rep) for pat, rep in _FOLDS)
_DOUBLE = re.compile(r"(.)\1+")
# The Arabic article (assimilated forms too) joined by a hyphen or apostrophe to the name it precedes.
_ARTICLE = re.compile(r"^(?:al|el|ul|ad|ed|ash|esh|as|at|ar|an|az|ath|adh)[-‐'’](?=\w)")
_NON_LETTER = re.compile(r"[^a-z]+")


TRANSLIT_FILE = "translit.toml"
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# Letters past Latin Extended-B (Greek, Cyrillic, Arabic, Hebrew, CJK ...): text without them is left alone.
_NON_LATIN = re.compile(r"[^\u0000-\u024F\u1E00-\u1EFF\u2000-\u206F]+")
_APOSTROPHES = "'’ʼ`"


@dataclass(frozen=True, slots=True)
class _Romanization:
    letters: dict[str, str]
    initial: dict[str, str]
    endings: dict[str, str]
    markers: tuple[str, ...]  # letters or letter groups only this language writes
    final_markers: tuple[str, ...]  # word endings only this language writes
    after_vowels: bool  # whether `initial` also applies after a vowel (Russian "Andreyevich")


@cache
def _translit_data() -> dict[str, Any]:
    """translit.toml, read once; ``$PARLEY_DATA/translit.toml`` wins if present (as for every data file)."""
    override = os.environ.get("PARLEY_DATA")
    if override and (Path(override) / TRANSLIT_FILE).is_file():
        text = (Path(override) / TRANSLIT_FILE).read_text(encoding="utf-8")
    else:
        text = (resources.files("parley.data") / TRANSLIT_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def _romanizations() -> tuple[_Romanization, _Romanization]:
    """(Ukrainian, Russian) romanization tables."""
    data = _translit_data()

    def table(key: str) -> _Romanization:
        t = data.get(key, {})
        return _Romanization(dict(t.get("letters", {})), dict(t.get("initial", {})), dict(t.get("endings", {})),
                             tuple(t.get("markers", [])), tuple(t.get("final_markers", [])),
                             bool(t.get("after_vowels", False)))

    return table("ukrainian"), table("russian")


def _romanize_word(word: str, rom: _Romanization) -> str:
    low = word.lower()
    ending, tail = "", len(low)
    for end, latin in rom.endings.items():
        if low.endswith(end) and len(low) > len(end):
            ending, tail = latin, len(low) - len(end)
            break
    out: list[str] = []
    prev = ""
    for i, ch in enumerate(low[:tail]):
        if ch in _APOSTROPHES:
            prev = ch
            continue
        if ch not in rom.letters:
            out.append(word[i])
            prev = ch
            continue
        # Russian vowels only: `after_vowels` is a Russian rule (Andreyevich), Ukrainian has none.
        at_start = not prev or prev in _APOSTROPHES or not prev.isalpha() \
            or (rom.after_vowels and prev in "аеиоуыэюяё")
        latin = rom.initial.get(ch, rom.letters[ch]) if at_start else rom.letters[ch]
        if word[i].isupper() and latin:
            latin = latin[0].upper() + latin[1:]
        out.append(latin)
        prev = ch
    if ending and tail == 0:
        ending = ending[0].upper() + ending[1:]
    return "".join(out) + ending


def romanize_cyrillic(text: str) -> str:
    """Ukrainian or Russian Cyrillic in press spelling: "Сергій" -> "Serhii", "Сергей Лавров" -> "Sergei Lavrov".

    The whole text is read as Ukrainian when it has a letter or ending only Ukrainian writes (і, ї, є, ґ,
    -ський), as Russian otherwise: the two readings differ in spelling only where name keys fold anyway
    (Volodymyr/Volodimir, Hlib/Gleb), so a wrong guess costs the display name, never the identity.
    """
    ukrainian, russian = _romanizations()

    def marked(rom: _Romanization) -> bool:
        low = text.lower()
        words = re.findall(r"[\u0400-\u04FF]+", low)
        return any(m in low for m in rom.markers) or any(w.endswith(rom.final_markers) for w in words)

    rom = ukrainian if marked(ukrainian) else russian
    return re.sub(r"[\u0400-\u04FF'’ʼ`]+", lambda m: _romanize_word(m[0], rom) if _CYRILLIC.search(m[0]) else m[0],
                  text)


@lru_cache(maxsize=65536)
def transliterate(text: str) -> str:
    """Latin letters for any script: Cyrillic by parley's press tables, the rest by anyascii."""
    if not _NON_LATIN.search(text):
        return text
    if _CYRILLIC.search(text):
        text = romanize_cyrillic(text)
    if not _NON_LATIN.search(text):
        return text
    return _NON_LATIN.sub(lambda m: anyascii(m[0]), text)


def ascii_fold(text: str) -> str:
    """Drop accents and map a few letters NFKD leaves alone (Erdoğan -> Erdogan, Łukasz -> Lukasz); write
    other scripts in Latin letters (Умєров -> Umerov)."""
    text = transliterate(text)
    text = text.replace("ı", "i").replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The key of one name word: accent-free, lower-case, transliteration alternations folded, and one key
    for the spellings of a name that translit.toml lists as one (Vladimir / Volodymyr)."""
    key = _folded_key(word)
    return _variant_keys().get(key, key)


@cache
def _variant_keys() -> dict[str, str]:
    """Folded key of each listed variant -> folded key of the name it is listed under."""
    variants = _translit_data().get("variants", {})
    return {_folded_key(v): _folded_key(name) for name, spellings in variants.items() for v in spellings}


def _folded_key(word: str) -> str:
    # The Arabic article is written on or off ("el-Sisi", "al-Sisi", "Sisi"): the key drops it.
    w = _NON_LETTER.sub("", _ARTICLE.sub("", ascii_fold(word).lower()))
    # iy/yy/ii endings first so that the y->i fold below does not leave a double i to collapse.
    for pattern, replacement in _COMPILED:
        w = pattern.sub(replacement, w)
    return _DOUBLE.sub(r"\1", w)


def name_words(name: str) -> list[str]:
    """Words of a name, with possessives, initials' dots and hyphens handled ("Al-Sisi" stays one word)."""
    name = re.sub(r"['’`ʼ]s\b", "", name)
    return [w for w in re.split(r"[\s]+", name.strip()) if re.search(r"\w", w)]


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Key of a whole name: the word keys joined by spaces."""
    return " ".join(k for k in (word_key(w) for w in name_words(name)) if k)


def slugify(name: str) -> str:
    """A readable id from a name: `Recep Tayyip Erdoğan` -> `recep-tayyip-erdogan`."""
    folded = ascii_fold(name).lower()
    folded = re.sub(r"['’ʼ`]", "", folded)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "actor"


def initials(name: str) -> str:
    """The acronym a name's initials spell, skipping function words: National Security and Defense Council -> NSDC."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", name) if w.lower() not in ("of", "the", "and", "for"))


def given_names_compatible(a: list[str], b: list[str]) -> bool:
    """Whether two lists of given-name words can belong to one person.

    Compatible when either is missing, when the keys agree, or when one is an initial of the other
    ("V." and "Volodymyr"). Only the first given name is compared: a patronymic or middle name is often
    dropped in English copy (Recep Tayyip Erdogan / Tayyip Erdogan is handled by the caller's alias list).
    """
    if not a or not b:
        return True
    x, y = a[0].rstrip("."), b[0].rstrip(".")
    if len(x) == 1 or len(y) == 1:
        return word_key(x)[:1] == word_key(y)[:1]
    return word_key(x) == word_key(y)
